using System.Buffers.Binary;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// struct vhost_vring_state: SET_VRING_NUM/BASE/ENABLE/ENDIAN, GET_VRING_BASE, VRING_KICK.
/// <code>
/// 0       4       8
/// +-------+-------+
/// | index |  num  |
/// +-------+-------+
/// </code>
/// </summary>
public readonly record struct VringState(uint Index, uint Num)
{
    public const int Size = 8;

    public static bool TryRead(ReadOnlySpan<byte> source, out VringState value)
    {
        value = source.Length == Size
            ? new VringState(BinaryPrimitives.ReadUInt32LittleEndian(source), BinaryPrimitives.ReadUInt32LittleEndian(source[4..]))
            : default;
        return source.Length == Size;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Num);
    }
}
