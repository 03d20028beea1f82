using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Rendering.Scene;

/// <summary>A cursor picture in straight (not premultiplied) B,G,R,A bytes, with the pixel that points.</summary>
public sealed class CursorSprite
{
    public CursorSprite(byte[] bgra, int width, int height, int hotX, int hotY)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (bgra.Length != (long)width * height * PixelLayout.BytesPerPixel)
        {
            throw new ArgumentException($"a {width}x{height} cursor has {width * height * 4} bytes", nameof(bgra));
        }
        Bgra = bgra;
        Width = width;
        Height = height;
        HotX = hotX;
        HotY = hotY;
    }

    public byte[] Bgra { get; }

    public int Width { get; }

    public int Height { get; }

    public int HotX { get; }

    public int HotY { get; }

    /// <summary>Where the sprite's top-left corner lands when its hot spot is at (x, y).</summary>
    public PixelRect PlacedAt(int x, int y) => new(x - HotX, y - HotY, Width, Height);
}
