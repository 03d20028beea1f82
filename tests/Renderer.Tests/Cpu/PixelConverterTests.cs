using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.Cpu;

public sealed class PixelConverterTests
{
    [Theory]
    [InlineData(PixelFormat.Bgra, new byte[] { 1, 2, 3, 4 }, new byte[] { 1, 2, 3, 4 })]
    [InlineData(PixelFormat.Bgrx, new byte[] { 1, 2, 3, 4 }, new byte[] { 1, 2, 3, 255 })]
    [InlineData(PixelFormat.Argb, new byte[] { 4, 3, 2, 1 }, new byte[] { 1, 2, 3, 4 })]
    [InlineData(PixelFormat.Xrgb, new byte[] { 4, 3, 2, 1 }, new byte[] { 1, 2, 3, 255 })]
    [InlineData(PixelFormat.Rgba, new byte[] { 3, 2, 1, 4 }, new byte[] { 1, 2, 3, 4 })]
    [InlineData(PixelFormat.Rgbx, new byte[] { 3, 2, 1, 4 }, new byte[] { 1, 2, 3, 255 })]
    [InlineData(PixelFormat.Abgr, new byte[] { 4, 1, 2, 3 }, new byte[] { 1, 2, 3, 4 })]
    [InlineData(PixelFormat.Xbgr, new byte[] { 4, 1, 2, 3 }, new byte[] { 1, 2, 3, 255 })]
    public void Every_format_lands_in_bgra_order_with_x_opaque(PixelFormat format, byte[] source, byte[] expected)
    {
        var destination = new byte[4];
        PixelConverter.ToBgrx(source, destination, format);
        Assert.Equal(expected, destination);
    }
}
