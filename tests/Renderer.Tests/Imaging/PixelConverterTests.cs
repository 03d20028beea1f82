using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.Imaging;

public sealed class PixelConverterTests
{
    public static TheoryData<PixelFormat> AllFormats => new(Enum.GetValues<PixelFormat>());

    // Widths around the 8- and 4-pixel vector steps, so every scalar tail length runs.
    private static readonly int[] Widths = [1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 31, 33, 63, 1279, 1920];

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void ToBgrx_matches_the_reference_for_every_width(PixelFormat format)
    {
        foreach (int width in Widths)
        {
            byte[] source = RandomPixels(width, seed: width);
            byte[] actual = new byte[source.Length];
            PixelConverter.ToBgrx(source, actual, format);
            Assert.Equal(ReferenceBgrx(source, format), actual);
        }
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void ToBgra_matches_the_reference_for_every_width(PixelFormat format)
    {
        foreach (int width in Widths)
        {
            byte[] source = RandomPixels(width, seed: 1000 + width);
            byte[] actual = new byte[source.Length];
            PixelConverter.ToBgra(source, actual, format);
            Assert.Equal(ReferenceBgra(source, format), actual);
        }
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Unaligned_spans_convert_only_their_own_bytes(PixelFormat format)
    {
        byte[] source = RandomPixels(40, seed: 7);
        byte[] destination = new byte[source.Length + 12];
        destination.AsSpan().Fill(0xA5);
        PixelConverter.ToBgrx(source.AsSpan(4, 33 * 4), destination.AsSpan(8, 34 * 4), format);

        Assert.Equal(ReferenceBgrx(source.AsSpan(4, 33 * 4).ToArray(), format), destination.AsSpan(8, 33 * 4).ToArray());
        Assert.All(destination.AsSpan(0, 8).ToArray(), b => Assert.Equal(0xA5, b));
        Assert.All(destination.AsSpan(8 + 33 * 4).ToArray(), b => Assert.Equal(0xA5, b));
    }

    [Fact]
    public void Known_pixel_becomes_blue_green_red_in_every_format()
    {
        // Red 0x10, green 0x20, blue 0x30, alpha 0x40, placed as each format's name says.
        var cases = new (PixelFormat Format, byte[] Bytes, byte Alpha)[]
        {
            (PixelFormat.Bgra, [0x30, 0x20, 0x10, 0x40], 0x40),
            (PixelFormat.Bgrx, [0x30, 0x20, 0x10, 0x40], 0xFF),
            (PixelFormat.Argb, [0x40, 0x10, 0x20, 0x30], 0x40),
            (PixelFormat.Xrgb, [0x40, 0x10, 0x20, 0x30], 0xFF),
            (PixelFormat.Rgba, [0x10, 0x20, 0x30, 0x40], 0x40),
            (PixelFormat.Xbgr, [0x40, 0x30, 0x20, 0x10], 0xFF),
            (PixelFormat.Abgr, [0x40, 0x30, 0x20, 0x10], 0x40),
            (PixelFormat.Rgbx, [0x10, 0x20, 0x30, 0x40], 0xFF),
        };
        foreach (var (format, bytes, alpha) in cases)
        {
            byte[] bgra = new byte[4];
            PixelConverter.ToBgra(bytes, bgra, format);
            Assert.Equal(new byte[] { 0x30, 0x20, 0x10, alpha }, bgra);
        }
    }

    [Fact]
    public void Partial_pixels_and_short_destinations_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PixelConverter.ToBgrx(new byte[6], new byte[8], PixelFormat.Rgba));
        Assert.Throws<ArgumentException>(() => PixelConverter.ToBgra(new byte[8], new byte[4], PixelFormat.Xrgb));
    }

    private static byte[] RandomPixels(int width, int seed)
    {
        byte[] bytes = new byte[width * 4];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // The byte map of protocol-reference 4.5, written out per format: (blue, green, red, alpha or -1 for X).
    private static (int B, int G, int R, int A) SourceBytes(PixelFormat format) => format switch
    {
        PixelFormat.Bgra => (0, 1, 2, 3),
        PixelFormat.Bgrx => (0, 1, 2, -1),
        PixelFormat.Argb => (3, 2, 1, 0),
        PixelFormat.Xrgb => (3, 2, 1, -1),
        PixelFormat.Rgba => (2, 1, 0, 3),
        PixelFormat.Xbgr => (1, 2, 3, -1),
        PixelFormat.Abgr => (1, 2, 3, 0),
        PixelFormat.Rgbx => (2, 1, 0, -1),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static byte[] ReferenceBgra(byte[] source, PixelFormat format)
    {
        var (b, g, r, a) = SourceBytes(format);
        byte[] result = new byte[source.Length];
        for (int i = 0; i < source.Length; i += 4)
        {
            result[i] = source[i + b];
            result[i + 1] = source[i + g];
            result[i + 2] = source[i + r];
            result[i + 3] = a < 0 ? (byte)0xFF : source[i + a];
        }
        return result;
    }

    private static byte[] ReferenceBgrx(byte[] source, PixelFormat format)
    {
        if (format is PixelFormat.Bgra or PixelFormat.Bgrx)
        {
            return (byte[])source.Clone();
        }
        byte[] result = ReferenceBgra(source, format);
        for (int i = 3; i < result.Length; i += 4)
        {
            result[i] = 0xFF;
        }
        return result;
    }
}
