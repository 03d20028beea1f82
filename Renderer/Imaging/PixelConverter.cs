namespace VhostGpu.Rendering.Imaging;

/// <summary>Converts rows of any <see cref="PixelFormat"/> to B,G,R,A bytes; X channels become opaque.</summary>
public static class PixelConverter
{
    /// <summary>
    /// Converts <paramref name="src"/> (whole pixels of <paramref name="format"/>) into
    /// <paramref name="dst"/> (the same number of B,G,R,A pixels).
    /// </summary>
    public static void ToBgrx(ReadOnlySpan<byte> src, Span<byte> dst, PixelFormat format)
    {
        if (dst.Length < src.Length)
        {
            throw new ArgumentException("destination row shorter than source row", nameof(dst));
        }
        PixelLayout layout = PixelLayout.Of(format);
        for (int i = 0; i + PixelLayout.BytesPerPixel <= src.Length; i += PixelLayout.BytesPerPixel)
        {
            ReadOnlySpan<byte> pixel = src.Slice(i, PixelLayout.BytesPerPixel);
            dst[i] = pixel[layout.Blue];
            dst[i + 1] = pixel[layout.Green];
            dst[i + 2] = pixel[layout.Red];
            dst[i + 3] = layout.HasAlpha ? pixel[layout.Alpha] : (byte)0xFF;
        }
    }
}
