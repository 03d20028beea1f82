using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>virtio_gpu_mem_entry: <c>u64 addr @0; u32 length @8; u32 padding @12</c> (16 bytes). The address is guest-physical.</summary>
public readonly record struct MemoryEntry(ulong Address, uint Length)
{
    public const int Size = 16;

    public static MemoryEntry Read(ReadOnlySpan<byte> b) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(b), BinaryPrimitives.ReadUInt32LittleEndian(b[8..]));

    public override string ToString() => $"0x{Address:x}+0x{Length:x}";
}
