namespace VhostGpu.Rendering.Imaging;

/// <summary>
/// A finished picture as a user sees it: tightly packed B,G,R,A bytes, top row first. What the CPU
/// compositor produces, what the GL presenter reads back, what PNG screenshots hold.
/// </summary>
public sealed class BgraFrame
{
    public BgraFrame(int width, int height)
        : this(width, height, new byte[checked(width * height * PixelLayout.BytesPerPixel)])
    {
    }

    public BgraFrame(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != (long)width * height * PixelLayout.BytesPerPixel)
        {
            throw new ArgumentException($"a {width}x{height} frame has {width * height * 4} bytes", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride => Width * PixelLayout.BytesPerPixel;

    public byte[] Pixels { get; }

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Stride, Stride);

    /// <summary>The pixel at (x, y) as 0xAARRGGBB, for readable test messages.</summary>
    public uint PixelAt(int x, int y)
    {
        int i = y * Stride + x * PixelLayout.BytesPerPixel;
        return (uint)(Pixels[i + 3] << 24 | Pixels[i + 2] << 16 | Pixels[i + 1] << 8 | Pixels[i]);
    }

    /// <summary>Every pixel set to opaque black (what an empty display shows).</summary>
    public void ClearToBlack()
    {
        Span<uint> words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(Pixels.AsSpan());
        words.Fill(BitConverter.IsLittleEndian ? 0xFF00_0000u : 0x0000_00FFu);
    }
}
