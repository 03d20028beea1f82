using System.Buffers.Binary;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// The header in front of every vhost-user-gpu message, in both directions.
/// <code>
///  0         4         8         12
///  +---------+---------+---------+------------------
///  | request |  flags  |  size   | payload (size bytes)
///  +---------+---------+---------+------------------
/// </code>
/// QEMU sets flags to exactly <see cref="ReplyFlag"/> on replies and ignores flags on requests; we send 0.
/// </summary>
internal readonly record struct GpuSocketHeader(GpuSocketRequest Request, uint Flags, uint PayloadSize)
{
    public const int ByteSize = 12;
    public const uint ReplyFlag = 0x4;

    public bool IsReply => (Flags & ReplyFlag) != 0;

    public static GpuSocketHeader ForRequest(GpuSocketRequest request, int payloadSize) => new(request, 0, (uint)payloadSize);

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)Request);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], PayloadSize);
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out GpuSocketHeader header)
    {
        if (source.Length < ByteSize)
        {
            header = default;
            return false;
        }
        header = new GpuSocketHeader(
            (GpuSocketRequest)BinaryPrimitives.ReadUInt32LittleEndian(source),
            BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]));
        return true;
    }
}
