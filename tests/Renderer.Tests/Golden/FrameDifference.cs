using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.Golden;

/// <summary>How far two equally sized frames are apart, channel by channel.</summary>
public sealed class FrameDifference
{
    private FrameDifference(int largest, int pixelsOver, int firstX, int firstY, BgraFrame picture)
    {
        LargestChannelDifference = largest;
        PixelsOverTolerance = pixelsOver;
        FirstX = firstX;
        FirstY = firstY;
        Picture = picture;
    }

    public int LargestChannelDifference { get; }

    public int PixelsOverTolerance { get; }

    public int FirstX { get; }

    public int FirstY { get; }

    /// <summary>The expected image dimmed to grey, with every pixel over the tolerance painted red (brighter: further off).</summary>
    public BgraFrame Picture { get; }

    public static FrameDifference Measure(BgraFrame expected, BgraFrame actual, int tolerance)
    {
        if (expected.Width != actual.Width || expected.Height != actual.Height)
        {
            throw new ArgumentException("frames of different sizes");
        }
        var picture = new BgraFrame(expected.Width, expected.Height);
        int largest = 0;
        int over = 0;
        int firstX = -1;
        int firstY = -1;
        for (int y = 0; y < expected.Height; y++)
        {
            ReadOnlySpan<byte> e = expected.Row(y);
            ReadOnlySpan<byte> a = actual.Row(y);
            Span<byte> p = picture.Row(y);
            for (int i = 0; i < e.Length; i += 4)
            {
                int pixelLargest = 0;
                for (int c = 0; c < 4; c++)
                {
                    pixelLargest = Math.Max(pixelLargest, Math.Abs(e[i + c] - a[i + c]));
                }
                largest = Math.Max(largest, pixelLargest);
                byte grey = (byte)((e[i] + e[i + 1] + e[i + 2]) / 12);
                bool bad = pixelLargest > tolerance;
                if (bad && over++ == 0)
                {
                    firstX = i / 4;
                    firstY = y;
                }
                p[i] = grey;
                p[i + 1] = grey;
                p[i + 2] = bad ? (byte)Math.Min(255, 128 + pixelLargest) : grey;
                p[i + 3] = 255;
            }
        }
        return new FrameDifference(largest, over, firstX, firstY, picture);
    }
}
