using System.Buffers.Binary;
using VhostGpu.Memory;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// One VhostUserMemoryRegion as it appears inside SET_MEM_TABLE and ADD/REM_MEM_REG.
/// <code>
/// 0               8               16              24              32
/// +---------------+---------------+---------------+---------------+
/// | guest_phys    | memory_size   | userspace_addr| mmap_offset   |
/// +---------------+---------------+---------------+---------------+
/// </code>
/// </summary>
public static class MemoryRegionPayload
{
    public const int Size = 32;

    public static MemoryRegionDescriptor Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(source),
        BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(source[24..]));

    public static void Write(MemoryRegionDescriptor region, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, region.GuestPhysicalAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], region.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], region.UserAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], region.MmapOffset);
    }
}
