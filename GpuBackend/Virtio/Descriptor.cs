using System.Buffers.Binary;

namespace VhostGpu.Virtio;

/// <summary>
/// One split-ring descriptor as it sits in guest memory (little-endian, 16 bytes):
/// <code>
///  0               8       12      14      16
///  | u64 addr      | u32 len | u16 flags | u16 next |
/// </code>
/// </summary>
public readonly record struct Descriptor(ulong Address, uint Length, DescriptorFlags Flags, ushort Next)
{
    public const int Size = 16;

    public bool HasNext => (Flags & DescriptorFlags.Next) != 0;

    public bool IsWritable => (Flags & DescriptorFlags.Write) != 0;

    public bool IsIndirect => (Flags & DescriptorFlags.Indirect) != 0;

    public static Descriptor Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(source),
        BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
        (DescriptorFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[12..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[14..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Address);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], (ushort)Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], Next);
    }
}
