using System.Buffers.Binary;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// GET_INFLIGHT_FD / SET_INFLIGHT_FD (VhostUserInflight): the shared inflight area's geometry.
/// <code>
/// 0               8               16       18       20       24
/// +---------------+---------------+--------+--------+--------+
/// |   mmap_size   |  mmap_offset  | queues | q_size | padding|
/// +---------------+---------------+--------+--------+--------+
/// </code>
/// </summary>
public readonly record struct InflightDescription(ulong MmapSize, ulong MmapOffset, ushort QueueCount, ushort QueueSize)
{
    public const int Size = 24;

    public static bool TryRead(ReadOnlySpan<byte> source, out InflightDescription value)
    {
        value = source.Length == Size
            ? new InflightDescription(
                BinaryPrimitives.ReadUInt64LittleEndian(source),
                BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
                BinaryPrimitives.ReadUInt16LittleEndian(source[16..]),
                BinaryPrimitives.ReadUInt16LittleEndian(source[18..]))
            : default;
        return source.Length == Size;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, MmapSize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], MmapOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[16..], QueueCount);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[18..], QueueSize);
        destination.Slice(20, 4).Clear();
    }
}
