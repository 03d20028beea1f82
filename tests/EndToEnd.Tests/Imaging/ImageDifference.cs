namespace VhostGpu.EndToEnd.Imaging;

/// <summary>Where two images of the same size differ, in enough detail to debug a failure.</summary>
public sealed class ImageDifference
{
    private ImageDifference(RgbImage expected, RgbImage actual, int differingPixels, (int X, int Y)? first, (int Left, int Top, int Right, int Bottom) bounds)
    {
        Expected = expected;
        Actual = actual;
        DifferingPixels = differingPixels;
        FirstDifference = first;
        Bounds = bounds;
    }

    public RgbImage Expected { get; }

    public RgbImage Actual { get; }

    public int DifferingPixels { get; }

    public bool SizesDiffer => Expected.Width != Actual.Width || Expected.Height != Actual.Height;

    public bool IsEmpty => !SizesDiffer && DifferingPixels == 0;

    /// <summary>The first differing pixel in row order.</summary>
    public (int X, int Y)? FirstDifference { get; }

    /// <summary>Smallest rectangle holding every difference; right and bottom exclusive.</summary>
    public (int Left, int Top, int Right, int Bottom) Bounds { get; }

    public static ImageDifference Between(RgbImage expected, RgbImage actual)
    {
        if (expected.Width != actual.Width || expected.Height != actual.Height)
        {
            return new ImageDifference(expected, actual, expected.Width * expected.Height, null, (0, 0, 0, 0));
        }

        int count = 0;
        (int X, int Y)? first = null;
        int left = int.MaxValue, top = int.MaxValue, right = 0, bottom = 0;
        for (int y = 0; y < expected.Height; y++)
        {
            for (int x = 0; x < expected.Width; x++)
            {
                if (expected[x, y] == actual[x, y])
                {
                    continue;
                }

                count++;
                first ??= (x, y);
                left = Math.Min(left, x);
                top = Math.Min(top, y);
                right = Math.Max(right, x + 1);
                bottom = Math.Max(bottom, y + 1);
            }
        }

        return new ImageDifference(expected, actual, count, first, count == 0 ? (0, 0, 0, 0) : (left, top, right, bottom));
    }

    /// <summary>Differing pixels in white over a dimmed copy of the expected image.</summary>
    public RgbImage ToDiffImage()
    {
        byte[] pixels = new byte[Expected.Pixels.Length];
        for (int y = 0; y < Expected.Height; y++)
        {
            for (int x = 0; x < Expected.Width; x++)
            {
                int offset = ((y * Expected.Width) + x) * RgbImage.BytesPerPixel;
                bool differs = SizesDiffer || Expected[x, y] != Actual[x, y];
                for (int channel = 0; channel < RgbImage.BytesPerPixel; channel++)
                {
                    pixels[offset + channel] = differs ? (byte)255 : (byte)(Expected.Pixels[offset + channel] / 4);
                }
            }
        }

        return new RgbImage(Expected.Width, Expected.Height, pixels);
    }

    public override string ToString()
    {
        if (SizesDiffer)
        {
            return $"size {Actual.Width}x{Actual.Height}, expected {Expected.Width}x{Expected.Height}";
        }

        if (FirstDifference is not (int x, int y))
        {
            return "identical";
        }

        return $"{DifferingPixels} of {Expected.Width * Expected.Height} pixels differ within " +
            $"[{Bounds.Left},{Bounds.Top})-[{Bounds.Right},{Bounds.Bottom}); first at ({x},{y}): " +
            $"expected {Expected[x, y]}, got {Actual[x, y]}";
    }
}
