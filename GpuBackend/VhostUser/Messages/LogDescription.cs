using System.Buffers.Binary;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// SET_LOG_BASE (VhostUserLog): the dirty bitmap's size and offset inside the attached fd.
/// <code>
/// 0               8               16
/// +---------------+---------------+
/// |   mmap_size   |  mmap_offset  |
/// +---------------+---------------+
/// </code>
/// </summary>
public readonly record struct LogDescription(ulong MmapSize, ulong MmapOffset)
{
    public const int Size = 16;

    public static bool TryRead(ReadOnlySpan<byte> source, out LogDescription value)
    {
        value = source.Length == Size
            ? new LogDescription(BinaryPrimitives.ReadUInt64LittleEndian(source), BinaryPrimitives.ReadUInt64LittleEndian(source[8..]))
            : default;
        return source.Length == Size;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, MmapSize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], MmapOffset);
    }
}
