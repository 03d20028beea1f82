using VhostGpu.Rendering.Imaging;

namespace VhostGpu.SharedObjects;

/// <summary>
/// How an exported image lies in its descriptor: rows of <see cref="Stride"/> bytes from offset 0,
/// <see cref="Height"/> of them, in <see cref="Format"/>. The descriptor itself may be longer (it
/// is whole pages). GET_SHARED_OBJECT carries only the descriptor: an importer learns the layout
/// from its own device protocol, this record is what the back-end knows and logs.
/// </summary>
public readonly record struct SharedObjectLayout(int Width, int Height, int Stride, PixelFormat Format)
{
    public static SharedObjectLayout Of(HostImage image) => new(image.Width, image.Height, image.Stride, image.Format);

    public override string ToString() => $"{Width}x{Height} {Format}, stride {Stride}";
}
