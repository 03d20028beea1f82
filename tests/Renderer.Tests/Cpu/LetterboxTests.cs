using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Scene;

namespace VhostGpu.Tests.Cpu;

public sealed class LetterboxTests
{
    [Theory]
    [InlineData(1280, 800, 1280, 800, 0, 0, 1280, 800)]
    [InlineData(640, 480, 1280, 800, 107, 0, 1066, 800)]
    [InlineData(1280, 720, 1280, 1024, 0, 152, 1280, 720)]
    [InlineData(96, 64, 50, 50, 0, 8, 50, 33)]
    [InlineData(10000, 1, 100, 100, 0, 49, 100, 1)]
    public void Fit_keeps_the_aspect_ratio_and_centres(int sw, int sh, int tw, int th, int x, int y, int w, int h)
    {
        Assert.Equal(new PixelRect(x, y, w, h), Letterbox.Fit(sw, sh, tw, th));
    }

    [Fact]
    public void Nearest_source_samples_pixel_centres()
    {
        Assert.Equal([0, 0, 1, 1, 2, 2], Enumerable.Range(0, 6).Select(o => Letterbox.NearestSource(o, 3, 6)));
        Assert.Equal([1, 4], Enumerable.Range(0, 2).Select(o => Letterbox.NearestSource(o, 6, 2)));
    }
}
