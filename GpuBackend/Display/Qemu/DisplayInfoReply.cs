using System.Buffers.Binary;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// QEMU's reply to GET_DISPLAY_INFO: a whole virtio_gpu_resp_display_info (408 bytes).
/// <code>
///  0                    24                                              408
///  +--------------------+------------------------------------------------+
///  | ctrl_hdr (type     | 16 x { u32 x, y, width, height, enabled, flags } |
///  | 0x1101 OK_DISPLAY_INFO)                                              |
///  +--------------------+------------------------------------------------+
/// </code>
/// </summary>
internal static class DisplayInfoReply
{
    public const int ByteSize = ModesOffset + DisplayInfo.MaxScanouts * ModeSize;
    public const uint OkDisplayInfo = 0x1101;

    private const int ModesOffset = 24;
    private const int ModeSize = 24;

    /// <summary>Decodes the reply; false for a wrong size, wrong response type or coordinates beyond int.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out DisplayInfo? info)
    {
        info = null;
        if (payload.Length != ByteSize || BinaryPrimitives.ReadUInt32LittleEndian(payload) != OkDisplayInfo)
        {
            return false;
        }
        var modes = new DisplayMode[DisplayInfo.MaxScanouts];
        for (int i = 0; i < modes.Length; i++)
        {
            var mode = payload.Slice(ModesOffset + i * ModeSize, ModeSize);
            uint x = BinaryPrimitives.ReadUInt32LittleEndian(mode);
            uint y = BinaryPrimitives.ReadUInt32LittleEndian(mode[4..]);
            uint width = BinaryPrimitives.ReadUInt32LittleEndian(mode[8..]);
            uint height = BinaryPrimitives.ReadUInt32LittleEndian(mode[12..]);
            if ((ulong)x + width > int.MaxValue || (ulong)y + height > int.MaxValue)
            {
                return false;
            }
            bool enabled = BinaryPrimitives.ReadUInt32LittleEndian(mode[16..]) != 0;
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(mode[20..]);
            modes[i] = new DisplayMode(new PixelRect((int)x, (int)y, (int)width, (int)height), enabled, flags);
        }
        info = new DisplayInfo(modes);
        return true;
    }
}
