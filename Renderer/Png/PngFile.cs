using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Rendering.Png;

/// <summary>Frames to and from 8-bit RGBA PNG files.</summary>
public static class PngFile
{
    private static readonly PngEncoder Encoder = new()
    {
        ColorType = PngColorType.RgbWithAlpha,
        BitDepth = PngBitDepth.Bit8,
    };

    /// <summary>
    /// Writes <paramref name="frame"/> to <paramref name="path"/> through a temporary file and a
    /// rename, so a reader never sees half a PNG.
    /// </summary>
    public static void Save(BgraFrame frame, string path)
    {
        string temporary = path + ".tmp";
        using (Image<Bgra32> image = Image.LoadPixelData<Bgra32>(frame.Pixels, frame.Width, frame.Height))
        {
            image.SaveAsPng(temporary, Encoder);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public static BgraFrame Load(string path)
    {
        using Image<Bgra32> image = Image.Load<Bgra32>(path);
        var frame = new BgraFrame(image.Width, image.Height);
        image.CopyPixelDataTo(MemoryMarshal.Cast<byte, Bgra32>(frame.Pixels.AsSpan()));
        return frame;
    }
}
