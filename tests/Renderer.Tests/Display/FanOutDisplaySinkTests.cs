using VhostGpu.Display;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;
using VhostGpu.TestSupport;
using VhostGpu.Tests.Scenes;

namespace VhostGpu.Tests.Display;

public sealed class FanOutDisplaySinkTests
{
    [Fact]
    public void Observers_see_every_update_and_only_the_primary_answers()
    {
        using var directory = TemporaryDirectory.Reserve("vhostgpu-fanout-");
        HostImage image = TestPatterns.Image(24, 16, PixelFormat.Rgbx);
        using (var sink = new FanOutDisplaySink(
            new HeadlessDisplaySink(new PreferredModes(1, 640, 480), null),
            [new HeadlessDisplaySink(new PreferredModes(1, 100, 100), directory.Path)]))
        {
            DisplayInfo? info = null;
            sink.QueryDisplayInfo(answer => info = answer);
            Assert.Equal(640, info!.Modes[0].Rect.Width);
            sink.SetScanout(0, new ScanoutSource(image, new PixelRect(0, 0, 24, 16)));
            sink.Flush(0, new PixelRect(0, 0, 24, 16));
        }
        Assert.Equal(24, PngFile.Load(ScreenshotWriter.PathFor(directory.Path, 0)).Width);
        image.ReleaseLease();
        Assert.True(image.IsFreed, "a sink kept the image alive");
    }
}
