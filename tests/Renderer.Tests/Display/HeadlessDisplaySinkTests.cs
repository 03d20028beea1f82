using VhostGpu.Display;
using VhostGpu.Display.Edid;
using VhostGpu.Rendering.Cpu;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;
using VhostGpu.Rendering.Scene;
using VhostGpu.Tests.Golden;
using VhostGpu.Tests.Scenes;
using VhostGpu.TestSupport;

namespace VhostGpu.Tests.Display;

public sealed class HeadlessDisplaySinkTests : IDisposable
{
    private readonly TemporaryDirectory _shots = TemporaryDirectory.Reserve("vhostgpu-shots-");

    public void Dispose() => _shots.Dispose();

    [Fact]
    public void Answers_display_info_and_edid_from_its_preferred_modes()
    {
        using var sink = new HeadlessDisplaySink(new PreferredModes(2, 1024, 768), screenshotDirectory: null);
        DisplayInfo? info = null;
        byte[]? edid = null;
        sink.QueryDisplayInfo(answer => info = answer);
        sink.QueryEdid(1, answer => edid = answer);
        Assert.NotNull(info);
        Assert.Equal(new DisplayMode(new PixelRect(0, 0, 1024, 768), true, 0), info.Modes[0]);
        Assert.True(info.Modes[1].Enabled);
        Assert.False(info.Modes[2].Enabled);
        Assert.Equal(EdidGenerator.Generate(1024, 768), edid);
    }

    [Fact]
    public void Screenshot_shows_the_flushed_scanout_with_the_cursor()
    {
        HostImage image = TestPatterns.Image(96, 64, PixelFormat.Xbgr);
        using (var sink = new HeadlessDisplaySink(new PreferredModes(1), _shots.Path))
        {
            sink.SetScanout(0, new ScanoutSource(image, new PixelRect(8, 4, 80, 56)));
            sink.Flush(0, new PixelRect(0, 0, 80, 56));
            sink.SetCursor(0, CursorFromSprite(TestPatterns.Cursor()), 30, 20);
        }
        BgraFrame expected = CpuCompositor.ComposeNative(
            new ScanoutScene(image, new PixelRect(8, 4, 80, 56), new CursorPlacement(TestPatterns.Cursor(), 30, 20)))!;
        GoldenImage.AssertClose(expected, PngFile.Load(ScreenshotWriter.PathFor(_shots.Path, 0)), "headless-sink-cursor", 0);
        image.ReleaseLease();
        Assert.True(image.IsFreed, "the sink kept a lease on the image after it was disposed");
    }

    [Fact]
    public void Disabled_scanout_is_black_at_the_preferred_size_and_the_lease_is_returned()
    {
        HostImage image = TestPatterns.Image(32, 32, PixelFormat.Bgrx);
        using var sink = new HeadlessDisplaySink(new PreferredModes(1, 200, 100), _shots.Path);
        sink.SetScanout(0, new ScanoutSource(image, new PixelRect(0, 0, 32, 32)));
        sink.Flush(0, new PixelRect(0, 0, 32, 32));
        string path = ScreenshotWriter.PathFor(_shots.Path, 0);
        Assert.True(Wait.Until(() => File.Exists(path) && PngFile.Load(path).Width == 32), "no 32x32 screenshot");
        sink.SetScanout(0, null);
        Assert.True(Wait.Until(() => PngFile.Load(path).Width == 200), "disabled scanout not written");
        BgraFrame black = PngFile.Load(path);
        Assert.Equal(100, black.Height);
        Assert.All(Enumerable.Range(0, 200 * 100), i => Assert.Equal(0xFF000000u, black.PixelAt(i % 200, i / 200)));
        image.ReleaseLease();
        // The screenshot thread lets go of its lease after it has written the disabled picture.
        Assert.True(Wait.Until(() => image.IsFreed), "the disabled scanout kept its image alive");
    }

    [Fact]
    public void Reset_forgets_scanouts_and_cursor()
    {
        HostImage image = TestPatterns.Image(16, 16, PixelFormat.Bgrx);
        using var sink = new HeadlessDisplaySink(new PreferredModes(1, 16, 16), _shots.Path);
        sink.SetScanout(0, new ScanoutSource(image, new PixelRect(0, 0, 16, 16)));
        sink.SetCursor(0, CursorFromSprite(TestPatterns.Cursor()), 1, 1);
        sink.Reset();
        image.ReleaseLease();
        // The screenshot thread lets go of its lease when it sees the reset.
        Assert.True(Wait.Until(() => image.IsFreed), "reset kept the image alive");
    }

    private static CursorImage CursorFromSprite(CursorSprite sprite) => new(sprite.Bgra, sprite.HotX, sprite.HotY);
}
