using System.Buffers.Binary;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// The u64 of SET_VRING_KICK/CALL/ERR: which ring, and whether an fd is attached.
/// <code>
/// bits 0-7   ring index
/// bit  8     NOFD: no descriptor accompanies the message
/// bits 9-63  zero
/// </code>
/// </summary>
public readonly record struct VringFile(uint Index, bool NoFd)
{
    public const int Size = 8;
    public const ulong IndexMask = 0xff;
    public const ulong NoFdFlag = 0x100;

    public static bool TryRead(ReadOnlySpan<byte> source, out VringFile value, out string? error)
    {
        value = default;
        if (source.Length != Size)
        {
            error = $"vring file of {source.Length} bytes (expected {Size})";
            return false;
        }
        ulong raw = BinaryPrimitives.ReadUInt64LittleEndian(source);
        if ((raw & ~(IndexMask | NoFdFlag)) != 0)
        {
            error = $"vring file 0x{raw:x} has reserved bits set";
            return false;
        }
        value = new VringFile((uint)(raw & IndexMask), (raw & NoFdFlag) != 0);
        error = null;
        return true;
    }

    public void Write(Span<byte> destination) =>
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Index | (NoFd ? NoFdFlag : 0));
}
