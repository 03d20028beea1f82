using System.Buffers.Binary;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// struct vhost_vring_addr (SET_VRING_ADDR). Ring addresses are front-end virtual addresses;
/// the log address is guest-physical. Note the order: descriptor, used, available.
/// <code>
/// 0       4       8               16              24              32              40
/// +-------+-------+---------------+---------------+---------------+---------------+
/// | index | flags |  descriptor   |     used      |   available   | log_guest_addr|
/// +-------+-------+---------------+---------------+---------------+---------------+
/// flags: bit 0 VHOST_VRING_F_LOG (log used-ring writes at log_guest_addr)
/// </code>
/// </summary>
public readonly record struct VringAddress(uint Index, uint Flags, ulong Descriptor, ulong Used, ulong Available, ulong LogGuestAddress)
{
    public const int Size = 40;
    public const uint LogFlag = 1;

    public bool LogsUsedRing => (Flags & LogFlag) != 0;

    public static bool TryRead(ReadOnlySpan<byte> source, out VringAddress value, out string? error)
    {
        value = default;
        if (source.Length != Size)
        {
            error = $"vring address of {source.Length} bytes (expected {Size})";
            return false;
        }
        value = new VringAddress(
            BinaryPrimitives.ReadUInt32LittleEndian(source),
            BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[32..]));
        error = (value.Flags & ~LogFlag) != 0 ? $"vring address flags 0x{value.Flags:x} has unknown bits" : null;
        return error == null;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Descriptor);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], Used);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], Available);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[32..], LogGuestAddress);
    }
}
