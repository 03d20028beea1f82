using VhostGpu.Display;
using VhostGpu.Display.Window;
using VhostGpu.Rendering.Cpu;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;
using VhostGpu.Rendering.Scene;
using VhostGpu.Tests.Golden;
using VhostGpu.Tests.Scenes;
using VhostGpu.TestSupport;
using VhostGpu.TestSupport.Display;

namespace VhostGpu.Tests.Display;

/// <summary>The window sink on a private Xvfb, driven as the device drives it, looked at through the X server.</summary>
public sealed class WindowDisplaySinkTests : IDisposable
{
    private readonly TemporaryDirectory _shots = TemporaryDirectory.Reserve("vhostgpu-window-");

    public void Dispose() => _shots.Dispose();

    [Fact]
    public void Window_shows_the_scanout_on_the_x_screen()
    {
        using XvfbServer xvfb = XvfbServer.Start(800, 600);
        HostImage image = TestPatterns.Image(96, 64, PixelFormat.Bgrx);
        var modes = new PreferredModes(1, 320, 200);
        using (WindowDisplaySink sink = Open(modes, xvfb))
        {
            sink.SetScanout(0, new ScanoutSource(image, new PixelRect(0, 0, 96, 64)));
            sink.Flush(0, new PixelRect(0, 0, 96, 64));
            sink.SetCursor(0, new CursorImage(TestPatterns.Cursor().Bgra, 4, 2), 50, 30);
            BgraFrame expected = CpuCompositor.Compose(
                new ScanoutScene(image, new PixelRect(0, 0, 96, 64), new CursorPlacement(TestPatterns.Cursor(), 50, 30)), 320, 200);
            BgraFrame? screen = null;
            Wait.Until(() => SameColours(expected, screen = CaptureWindow(xvfb, 320, 200)), 15);
            GoldenImage.AssertClose(Frames.Opaque(expected), Frames.Opaque(screen!), "window-sink-x-screen", 0);
        }
        image.ReleaseLease();
        Assert.True(image.IsFreed, "the window kept its image alive after the sink was disposed");
    }

    [Fact]
    public void Resizing_the_window_offers_the_new_size_and_the_key_saves_a_screenshot()
    {
        using XvfbServer xvfb = XvfbServer.Start(800, 600);
        var modes = new PreferredModes(1, 320, 200);
        using WindowDisplaySink sink = Open(modes, xvfb);
        int offers = 0;
        sink.PreferredModesChanged += () => Interlocked.Increment(ref offers);
        XDoTool.Run(xvfb, "search --sync --name \"scanout 0\" windowsize 400 300");
        Assert.True(Wait.Until(() => Volatile.Read(ref offers) > 0), "no new mode offered after the resize");
        DisplayInfo? info = null;
        sink.QueryDisplayInfo(answer => info = answer);
        Assert.Equal(new PixelRect(0, 0, 400, 300), info!.Modes[0].Rect);

        XDoTool.Run(xvfb, "search --sync --name \"scanout 0\" windowfocus --sync key s");
        Assert.True(Wait.Until(() => Directory.Exists(_shots.Path) && Directory.GetFiles(_shots.Path, "viewer-scanout-0-*.png").Length == 1),
            "the S key saved no screenshot");
        BgraFrame shot = PngFile.Load(Directory.GetFiles(_shots.Path)[0]);
        Assert.Equal((400, 300), (shot.Width, shot.Height));
    }

    [Fact]
    public void No_x_server_is_a_clean_refusal()
    {
        WindowDisplaySink? sink = WindowDisplaySink.TryOpen(new PreferredModes(1), null, ":239", out string? error);
        Assert.Null(sink);
        Assert.Contains("glfwInit failed", error);
    }

    private WindowDisplaySink Open(PreferredModes modes, XvfbServer xvfb) =>
        WindowDisplaySink.TryOpen(modes, _shots.Path, xvfb.Display, out string? error)
            ?? throw new InvalidOperationException(error);

    private static BgraFrame CaptureWindow(XvfbServer xvfb, int width, int height)
    {
        string path = Path.Combine(Path.GetTempPath(), $"vhostgpu-root-{Guid.NewGuid():N}.png");
        try
        {
            xvfb.CaptureRoot(path);
            return Frames.CropTopLeft(PngFile.Load(path), width, height);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool SameColours(BgraFrame expected, BgraFrame actual) =>
        FrameDifference.Measure(Frames.Opaque(expected), Frames.Opaque(actual), 0).PixelsOverTolerance == 0;
}
