using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.Golden;

/// <summary>Frame helpers for comparing what an X server shows.</summary>
public static class Frames
{
    /// <summary>A copy with every alpha at 255: an X screen has no alpha, so only colour is compared.</summary>
    public static BgraFrame Opaque(BgraFrame frame)
    {
        var copy = new BgraFrame(frame.Width, frame.Height, (byte[])frame.Pixels.Clone());
        for (int i = 3; i < copy.Pixels.Length; i += 4)
        {
            copy.Pixels[i] = 255;
        }
        return copy;
    }

    /// <summary>The top-left <paramref name="width"/> x <paramref name="height"/> of <paramref name="frame"/> (where an unmanaged X window sits).</summary>
    public static BgraFrame CropTopLeft(BgraFrame frame, int width, int height)
    {
        var cropped = new BgraFrame(width, height);
        for (int y = 0; y < height; y++)
        {
            frame.Row(y)[..cropped.Stride].CopyTo(cropped.Row(y));
        }
        return cropped;
    }
}
