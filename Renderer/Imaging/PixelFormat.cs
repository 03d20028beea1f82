namespace VhostGpu.Rendering.Imaging;

/// <summary>
/// The 32-bit pixel layouts a guest can hand us, named by byte order in memory (first byte first).
/// "X" channels carry no meaning and are never shown as alpha.
/// </summary>
public enum PixelFormat
{
    Bgra,
    Bgrx,
    Argb,
    Xrgb,
    Rgba,
    Xbgr,
    Abgr,
    Rgbx,
}

/// <summary>Where each colour channel sits inside a 4-byte pixel of a <see cref="PixelFormat"/>.</summary>
public readonly record struct PixelLayout(int Red, int Green, int Blue, int Alpha, bool HasAlpha)
{
    public const int BytesPerPixel = 4;

    public static PixelLayout Of(PixelFormat format) => format switch
    {
        PixelFormat.Bgra => new(2, 1, 0, 3, true),
        PixelFormat.Bgrx => new(2, 1, 0, 3, false),
        PixelFormat.Argb => new(1, 2, 3, 0, true),
        PixelFormat.Xrgb => new(1, 2, 3, 0, false),
        PixelFormat.Rgba => new(0, 1, 2, 3, true),
        PixelFormat.Xbgr => new(3, 2, 1, 0, false),
        PixelFormat.Abgr => new(3, 2, 1, 0, true),
        PixelFormat.Rgbx => new(0, 1, 2, 3, false),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
