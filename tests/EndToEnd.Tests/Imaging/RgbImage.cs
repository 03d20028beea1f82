namespace VhostGpu.EndToEnd.Imaging;

/// <summary>
/// An image as QEMU's screendump delivers it: 8-bit R, G, B per pixel, rows packed. Everything the
/// tests compare is brought into this form first.
/// </summary>
public sealed class RgbImage
{
    public const int BytesPerPixel = 3;

    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != (long)width * height * BytesPerPixel)
        {
            throw new ArgumentException($"{pixels.Length} bytes do not hold {width}x{height} RGB pixels", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            int offset = ((y * Width) + x) * BytesPerPixel;
            return (Pixels[offset], Pixels[offset + 1], Pixels[offset + 2]);
        }
    }

    /// <summary>
    /// Converts raw framebuffer bytes (B, G, R, X per pixel; rows <paramref name="stride"/> bytes
    /// apart), the format the guest writes to /dev/fb0.
    /// </summary>
    public static RgbImage FromBgrx(ReadOnlySpan<byte> framebuffer, int width, int height, int stride)
    {
        if (stride < width * 4 || framebuffer.Length < (long)stride * height)
        {
            throw new ArgumentException($"{framebuffer.Length} bytes with stride {stride} do not hold {width}x{height} BGRX pixels");
        }

        byte[] pixels = new byte[width * height * BytesPerPixel];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = framebuffer.Slice(y * stride, width * 4);
            Span<byte> target = pixels.AsSpan(y * width * BytesPerPixel, width * BytesPerPixel);
            for (int x = 0; x < width; x++)
            {
                target[(x * 3) + 0] = row[(x * 4) + 2];
                target[(x * 3) + 1] = row[(x * 4) + 1];
                target[(x * 3) + 2] = row[(x * 4) + 0];
            }
        }

        return new RgbImage(width, height, pixels);
    }
}
