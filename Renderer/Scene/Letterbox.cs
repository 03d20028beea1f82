using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Rendering.Scene;

/// <summary>Where a picture goes inside a target when scaled with its aspect ratio kept, centred, bars left black.</summary>
public static class Letterbox
{
    public static PixelRect Fit(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetHeight);
        int width;
        int height;
        if ((long)targetWidth * sourceHeight <= (long)targetHeight * sourceWidth)
        {
            width = targetWidth;
            height = (int)Math.Max(1, (long)targetWidth * sourceHeight / sourceWidth);
        }
        else
        {
            height = targetHeight;
            width = (int)Math.Max(1, (long)targetHeight * sourceWidth / sourceHeight);
        }
        return new PixelRect((targetWidth - width) / 2, (targetHeight - height) / 2, width, height);
    }

    /// <summary>
    /// The source pixel that target pixel <paramref name="offset"/> (counted from the picture's
    /// edge) shows under nearest sampling at the pixel's centre — the rule GL_NEAREST follows.
    /// </summary>
    public static int NearestSource(int offset, int sourceLength, int targetLength) =>
        (int)((2L * offset + 1) * sourceLength / (2L * targetLength));
}
