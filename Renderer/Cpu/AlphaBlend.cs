using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Rendering.Cpu;

/// <summary>
/// Straight-alpha "source over destination" on B,G,R,A bytes, rounded to nearest — the same
/// equation as glBlendFuncSeparate(SRC_ALPHA, ONE_MINUS_SRC_ALPHA, ONE, ONE_MINUS_SRC_ALPHA).
/// </summary>
public static class AlphaBlend
{
    public static void Over(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        for (int i = 0; i + PixelLayout.BytesPerPixel <= source.Length; i += PixelLayout.BytesPerPixel)
        {
            int alpha = source[i + 3];
            if (alpha == 0)
            {
                continue;
            }
            int inverse = 255 - alpha;
            destination[i] = Mix(source[i], alpha, destination[i], inverse);
            destination[i + 1] = Mix(source[i + 1], alpha, destination[i + 1], inverse);
            destination[i + 2] = Mix(source[i + 2], alpha, destination[i + 2], inverse);
            destination[i + 3] = Mix(255, alpha, destination[i + 3], inverse);
        }
    }

    private static byte Mix(int source, int alpha, int destination, int inverse) =>
        (byte)((source * alpha + destination * inverse + 127) / 255);
}
