using VhostGpu.Display;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;
using VhostGpu.TestSupport;
using VhostGpu.Tests.Display;
using VhostGpu.Tests.Golden;
using VhostGpu.Tests.Scenes;
using VhostGpu.TestSupport.FrontEnd;

namespace VhostGpu.Tests.Daemon;

/// <summary>
/// The real daemon with --display headless --screenshot-dir, driven by a guest on the test
/// front-end: each unscaled golden scene must appear in the screenshot exactly.
/// </summary>
public sealed class HeadlessDaemonGoldenTests : IDisposable
{
    private readonly TemporaryDirectory _shots = TemporaryDirectory.Create("vhostgpu-headless-");

    public void Dispose() => _shots.Dispose();

    public static TheoryData<string> UnscaledScenes()
    {
        var data = new TheoryData<string>();
        foreach (ScenePlan plan in SceneCatalogue.All)
        {
            if (plan.Rect is { } rect && rect.Width == plan.TargetWidth && rect.Height == plan.TargetHeight
                && !plan.Name.StartsWith("two-scanouts", StringComparison.Ordinal))
            {
                data.Add(plan.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UnscaledScenes))]
    public void Scene_reaches_the_screenshot_exactly(string name)
    {
        using DaemonProcess daemon = DaemonProcess.Start("--display", "headless", "--screenshot-dir", _shots.Path);
        using var guest = new GpuGuest(daemon);
        DaemonSceneDriver.Show(guest, SceneCatalogue.Named(name));
        AssertScreenshot(0, name);
    }

    [Fact]
    public void Two_scanouts_of_one_resource_each_get_their_half_and_the_cursor_stays_on_its_own()
    {
        using DaemonProcess daemon = DaemonProcess.Start("--display", "headless", "--screenshot-dir", _shots.Path);
        using var guest = new GpuGuest(daemon);
        SharedResource resource = DaemonSceneDriver.Show(guest, SceneCatalogue.Named("two-scanouts-left"), scanout: 0);
        DaemonSceneDriver.Show(guest, SceneCatalogue.Named("two-scanouts-right"), scanout: 1, resource);
        AssertScreenshot(0, "two-scanouts-left");
        AssertScreenshot(1, "two-scanouts-right");
    }

    [Fact]
    public void Disabled_scanout_is_black_at_the_offered_mode()
    {
        using DaemonProcess daemon = DaemonProcess.Start("--display", "headless", "--screenshot-dir", _shots.Path);
        using var guest = new GpuGuest(daemon);
        DaemonSceneDriver.Show(guest, SceneCatalogue.Named("disabled"));
        string path = ScreenshotWriter.PathFor(_shots.Path, 0);
        Assert.True(Wait.Until(() => File.Exists(path) && PngFile.Load(path).Width == PreferredModes.DefaultWidth),
            "no black screenshot at the offered mode");
        BgraFrame frame = PngFile.Load(path);
        Assert.Equal(PreferredModes.DefaultHeight, frame.Height);
        Assert.All(frame.Pixels.Chunk(4), pixel => Assert.Equal([0, 0, 0, 255], pixel));
    }

    [Fact]
    public void Headless_daemon_never_loads_gl_glfw_or_x()
    {
        using DaemonProcess daemon = DaemonProcess.Start("--display", "headless", "--screenshot-dir", _shots.Path);
        using var guest = new GpuGuest(daemon);
        DaemonSceneDriver.Show(guest, SceneCatalogue.Named("cursor-hotspot"));
        AssertScreenshot(0, "cursor-hotspot");
        string[] loaded = File.ReadAllLines($"/proc/{daemon.Pid}/maps");
        Assert.DoesNotContain(loaded, line => line.Contains("libglfw", StringComparison.Ordinal)
            || line.Contains("libEGL", StringComparison.Ordinal) || line.Contains("libGL", StringComparison.Ordinal)
            || line.Contains("libX11", StringComparison.Ordinal));
    }

    [Fact]
    public void Screenshots_come_beside_the_qemu_display_too()
    {
        using DaemonProcess daemon = DaemonProcess.Start("--screenshot-dir", _shots.Path);
        using var guest = new GpuGuest(daemon);
        DaemonSceneDriver.Show(guest, SceneCatalogue.Named("partial-update"));
        AssertScreenshot(0, "partial-update");
    }

    /// <summary>Waits for the screenshot to settle on the golden; on a timeout compares the last one (writing actual and diff).</summary>
    private void AssertScreenshot(int scanout, string golden)
    {
        string path = ScreenshotWriter.PathFor(_shots.Path, scanout);
        BgraFrame expected = PngFile.Load(Path.Combine(RepositoryPaths.GoldenDirectory, golden + ".png"));
        Wait.Until(() => File.Exists(path) && PngFile.Load(path) is var shot
            && shot.Width == expected.Width && shot.Height == expected.Height && shot.Pixels.AsSpan().SequenceEqual(expected.Pixels));
        Assert.True(File.Exists(path), $"the daemon wrote no {path}");
        GoldenImage.AssertMatches(PngFile.Load(path), golden);
    }
}
