using System.Buffers.Binary;

namespace VhostGpu.Bench.Guest;

/// <summary>A virtio_gpu_rect as the driver sends it: <c>u32 x @0, y @4, width @8, height @12</c>.</summary>
public readonly record struct Rect(uint X, uint Y, uint Width, uint Height)
{
    public const int Size = 16;

    public ulong Area => (ulong)Width * Height;

    public bool Contains(uint x, uint y) => x >= X && y >= Y && x - X < Width && y - Y < Height;

    public bool Overlaps(Rect o) => X < o.X + o.Width && o.X < X + Width && Y < o.Y + o.Height && o.Y < Y + Height;

    public void Write(Span<byte> b)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(b, X);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], Y);
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], Width);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], Height);
    }
}
