using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Scene;

namespace VhostGpu.Tests.Scenes;

/// <summary>Deterministic pictures written in a guest's byte order, so every format must decode to the same colours.</summary>
public static class TestPatterns
{
    /// <summary>The colour a pattern puts at (x, y): red across, green down, a blue checker, alpha in bands.</summary>
    public static (byte R, byte G, byte B, byte A) Colour(int x, int y, int seed) => (
        (byte)(x * 4 + seed),
        (byte)(y * 4 + seed * 3),
        (byte)(((x / 8) + (y / 8) + seed) % 2 == 0 ? 0x20 : 0xD0),
        (byte)(0x40 + (x + y) % 4 * 0x3F));

    /// <summary>A new image of <paramref name="format"/> filled with the pattern; X bytes hold junk that must never show.</summary>
    public static HostImage Image(int width, int height, PixelFormat format, int seed = 0)
    {
        HostImage image = HostImage.TryCreate(width, height, format) ?? throw new InvalidOperationException("image allocation failed");
        Fill(image, new PixelRect(0, 0, width, height), seed);
        return image;
    }

    /// <summary>Rewrites <paramref name="rect"/> of <paramref name="image"/> with the pattern of <paramref name="seed"/>.</summary>
    public static void Fill(HostImage image, PixelRect rect, int seed)
    {
        PixelLayout layout = PixelLayout.Of(image.Format);
        for (int y = rect.Y; y < rect.Bottom; y++)
        {
            Span<byte> row = image.Row(y, rect.X, rect.Width);
            for (int x = 0; x < rect.Width; x++)
            {
                var (r, g, b, a) = Colour(rect.X + x, y, seed);
                Span<byte> pixel = row.Slice(x * PixelLayout.BytesPerPixel, PixelLayout.BytesPerPixel);
                pixel[layout.Red] = r;
                pixel[layout.Green] = g;
                pixel[layout.Blue] = b;
                pixel[layout.Alpha] = layout.HasAlpha ? a : (byte)(x * 37 + y * 11);
            }
        }
    }

    /// <summary>
    /// A 64x64 arrow-ish cursor: opaque white body, opaque black outline, a half-transparent red
    /// shadow, clear elsewhere; the hot spot at its tip (4, 2), off the sprite's corner on purpose.
    /// </summary>
    public static CursorSprite Cursor()
    {
        const int size = 64;
        var bgra = new byte[size * size * 4];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int dx = x - 4;
                int dy = y - 2;
                (byte b, byte g, byte r, byte a) = (0, 0, 0, 0);
                if (dx >= 0 && dy >= 0 && dx <= dy && dy < 40)
                {
                    bool edge = dx == 0 || dx == dy || dy == 39;
                    (b, g, r, a) = edge ? ((byte)0, (byte)0, (byte)0, (byte)255) : ((byte)255, (byte)255, (byte)255, (byte)255);
                }
                else if (dx >= 3 && dy >= 3 && dx - 3 <= dy - 3 && dy < 45)
                {
                    (b, g, r, a) = (0x10, 0x10, 0xC0, 0x80);
                }
                int i = (y * size + x) * 4;
                bgra[i] = b;
                bgra[i + 1] = g;
                bgra[i + 2] = r;
                bgra[i + 3] = a;
            }
        }
        return new CursorSprite(bgra, size, size, 4, 2);
    }
}
