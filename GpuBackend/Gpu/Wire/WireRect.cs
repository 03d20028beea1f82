using System.Buffers.Binary;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Gpu.Wire;

/// <summary>virtio_gpu_rect: <c>u32 x @0, y @4, width @8, height @12</c> (16 bytes).</summary>
public readonly record struct WireRect(uint X, uint Y, uint Width, uint Height)
{
    public const int Size = 16;

    public bool IsEmpty => Width == 0 || Height == 0;

    public static WireRect Read(ReadOnlySpan<byte> b) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(b),
        BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(b[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(b[12..]));

    public void Write(Span<byte> b)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(b, X);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], Y);
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], Width);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], Height);
    }

    /// <summary>
    /// True when the rectangle lies inside a <paramref name="width"/> x <paramref name="height"/>
    /// image. Sums are taken in 64 bits so x + width cannot wrap past 2^32 into range.
    /// </summary>
    public bool FitsWithin(int width, int height) =>
        (ulong)X + Width <= (ulong)width && (ulong)Y + Height <= (ulong)height;

    /// <summary>The same rectangle in host terms; only valid after <see cref="FitsWithin"/> succeeded.</summary>
    public PixelRect ToPixelRect() => new((int)X, (int)Y, (int)Width, (int)Height);

    public override string ToString() => $"{Width}x{Height}+{X}+{Y}";
}
