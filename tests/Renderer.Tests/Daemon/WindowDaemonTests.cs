using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;
using VhostGpu.TestSupport;
using VhostGpu.Tests.Cpu;
using VhostGpu.Tests.Display;
using VhostGpu.Tests.Golden;
using VhostGpu.Tests.Scenes;
using VhostGpu.TestSupport.Display;
using VhostGpu.TestSupport.FrontEnd;

namespace VhostGpu.Tests.Daemon;

/// <summary>
/// The daemon with --display window (the viewer's composition) on a private Xvfb, driven by a
/// guest on the test front-end: the X screen shows the guest, a resize offers the guest a new
/// mode, and the window manager's close request ends the daemon cleanly.
/// </summary>
public sealed class WindowDaemonTests : IDisposable
{
    private const uint ConfigChangeMsg = 2;
    private readonly string? _previousDisplay = Environment.GetEnvironmentVariable("DISPLAY");
    private readonly TemporaryDirectory _shots = TemporaryDirectory.Create("vhostgpu-window-");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("DISPLAY", _previousDisplay);
        _shots.Dispose();
    }

    [Fact]
    public void Window_shows_the_guest_resize_offers_a_mode_and_closing_ends_the_daemon()
    {
        using XvfbServer xvfb = XvfbServer.Start(1600, 1000);
        // The daemon inherits this process's environment: its windows go to the private X server.
        Environment.SetEnvironmentVariable("DISPLAY", xvfb.Display);
        using DaemonProcess daemon = DaemonProcess.Start("--display", "window");
        var (ours, theirs) = UnixSocket.CreatePair();
        using var backendChannel = new VhostUserFrontEnd(ours);
        using (theirs)
        using (var guest = new GpuGuest(daemon, theirs))
        {
            Assert.Equal((new PixelRect(0, 0, 1280, 800), true), guest.DisplayInfo());

            ScenePlan plan = SceneCatalogue.Named("cursor-hotspot");
            DaemonSceneDriver.Show(guest, plan);
            BgraFrame expected = Frames.Opaque(CpuSceneRenderer.Render(plan with { TargetWidth = 1280, TargetHeight = 800 }));
            BgraFrame? screen = null;
            Wait.Until(() => SameColours(expected, screen = CaptureTopLeft(xvfb, 1280, 800)), 15);
            GoldenImage.AssertClose(expected, screen!, "window-daemon-x-screen", 0, $"(daemon log:\n{daemon.Log})");

            XDoTool.Run(xvfb, "search --sync --name \"scanout 0\" windowsize 1024 768");
            using (Reply change = backendChannel.Receive())
            {
                Assert.Equal(ConfigChangeMsg, change.Request);
                if ((change.Flags & 0x8) != 0)
                {
                    backendChannel.SendRaw([.. VhostUserFrontEnd.EncodeHeader(ConfigChangeMsg, 0x5, 8), .. VhostUserFrontEnd.U64(0)]);
                }
            }
            Assert.Equal(1u, guest.EventsRead & 1u);
            Assert.Equal((new PixelRect(0, 0, 1024, 768), true), guest.DisplayInfo());
        }

        ulong window = ulong.Parse(XDoTool.Run(xvfb, "search --name \"scanout 0\"").Trim());
        Assert.True(X11WindowManager.RequestClose(xvfb.Display, window), "the close request could not be sent");
        Assert.True(daemon.WaitForExit(15_000), $"closing the window did not end the daemon:\n{daemon.Log}");
        Assert.Equal(0, daemon.ExitCode);
        // The log arrives asynchronously; its last lines may trail the exit.
        Assert.True(daemon.WaitForLog("window closed by the user"), daemon.Log);
    }

    private static BgraFrame CaptureTopLeft(XvfbServer xvfb, int width, int height)
    {
        string path = Path.Combine(Path.GetTempPath(), $"vhostgpu-root-{Guid.NewGuid():N}.png");
        try
        {
            xvfb.CaptureRoot(path);
            return Frames.Opaque(Frames.CropTopLeft(PngFile.Load(path), width, height));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool SameColours(BgraFrame expected, BgraFrame actual) =>
        FrameDifference.Measure(expected, actual, 0).PixelsOverTolerance == 0;
}
