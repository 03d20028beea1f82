using System.Buffers.Binary;

namespace VhostGpu.Transport;

/// <summary>
/// The 12-byte header in front of every vhost-user message (vhost-user.rst "Message Specification"):
/// <code>
/// 0        4        8        12
/// +--------+--------+--------+
/// |request | flags  |  size  |   all u32, host byte order (little-endian on x86_64)
/// +--------+--------+--------+
/// flags: bits 0-1 version (1), bit 2 REPLY, bit 3 NEED_REPLY
/// </code>
/// </summary>
public readonly record struct MessageHeader(uint Request, uint Flags, uint Size)
{
    public const int Length = 12;
    public const uint VersionMask = 0x3;
    public const uint Version = 0x1;
    public const uint ReplyFlag = 0x4;
    public const uint NeedReplyFlag = 0x8;

    /// <summary>Flags of every reply we send: version 1 + REPLY, nothing else (QEMU rejects other values).</summary>
    public const uint ReplyFlags = Version | ReplyFlag;

    public bool NeedsReply => (Flags & NeedReplyFlag) != 0;

    public bool IsReply => (Flags & ReplyFlag) != 0;

    public bool HasValidVersion => (Flags & VersionMask) == Version;

    public static MessageHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(source),
        BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Request);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Size);
    }
}
