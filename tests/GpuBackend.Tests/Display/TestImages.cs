using VhostGpu.Rendering.Imaging;
using VhostGpu.TestSupport.QemuDisplay;

namespace VhostGpu.Tests.Display;

/// <summary>Host images filled with known bytes, and what QEMU should show for them.</summary>
internal static class TestImages
{
    public static HostImage Random(int width, int height, PixelFormat format, int seed)
    {
        var image = HostImage.TryCreate(width, height, format) ?? throw new InvalidOperationException("allocation failed");
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>
    /// Waits until every lease has ended: the sink's writer holds a lease of its own while it sends
    /// an UPDATE and drops it only after QEMU may already have read the message.
    /// </summary>
    public static bool WaitUntilFreed(HostImage image, TimeSpan timeout) => SpinWait.SpinUntil(() => image.IsFreed, timeout);

    /// <summary>The colour (0x00RRGGBB) of image pixel (x, y), read by the byte table of protocol-reference 4.5.</summary>
    public static uint RgbAt(HostImage image, int x, int y)
    {
        var p = image.Row(y, x, 1);
        var (r, g, b) = image.Format switch
        {
            PixelFormat.Bgra or PixelFormat.Bgrx => (p[2], p[1], p[0]),
            PixelFormat.Argb or PixelFormat.Xrgb => (p[1], p[2], p[3]),
            PixelFormat.Rgba or PixelFormat.Rgbx => (p[0], p[1], p[2]),
            PixelFormat.Xbgr or PixelFormat.Abgr => (p[3], p[2], p[1]),
            _ => throw new ArgumentOutOfRangeException(nameof(image)),
        };
        return (uint)(r << 16 | g << 8 | b);
    }

    /// <summary>First pixel (in row order) where the surface differs from <paramref name="rect"/> of the image, or null.</summary>
    public static string? FirstDifference(PeerSurface surface, HostImage image, PixelRect rect)
    {
        if (surface.Width != rect.Width || surface.Height != rect.Height)
        {
            return $"surface {surface.Width}x{surface.Height}, scanout {rect.Width}x{rect.Height}";
        }
        for (int y = 0; y < rect.Height; y++)
        {
            for (int x = 0; x < rect.Width; x++)
            {
                uint expected = RgbAt(image, rect.X + x, rect.Y + y);
                uint actual = surface.RgbAt(x, y);
                if (expected != actual)
                {
                    return $"({x},{y}): expected {expected:x6}, QEMU shows {actual:x6}";
                }
            }
        }
        return null;
    }
}
