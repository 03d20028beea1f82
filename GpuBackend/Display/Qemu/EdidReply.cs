using System.Buffers.Binary;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// QEMU's reply to GET_EDID: a whole virtio_gpu_resp_edid (1056 bytes).
/// <code>
///  0                    24       28      32                1056
///  +--------------------+--------+-------+------------------+
///  | ctrl_hdr (type     |  size  |  pad  | edid[1024]       |
///  | 0x1104 OK_EDID)    |        |       |                  |
///  +--------------------+--------+-------+------------------+
/// </code>
/// </summary>
internal static class EdidReply
{
    public const int ByteSize = EdidOffset + MaxEdidLength;
    public const uint OkEdid = 0x1104;
    public const int MaxEdidLength = 1024;

    private const int SizeOffset = 24;
    private const int EdidOffset = 32;

    /// <summary>Decodes the reply into the first <c>size</c> EDID bytes (at most 1024); false for a wrong size or type.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out byte[]? edid)
    {
        edid = null;
        if (payload.Length != ByteSize || BinaryPrimitives.ReadUInt32LittleEndian(payload) != OkEdid)
        {
            return false;
        }
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(payload[SizeOffset..]);
        edid = payload.Slice(EdidOffset, (int)Math.Min(size, MaxEdidLength)).ToArray();
        return true;
    }
}
