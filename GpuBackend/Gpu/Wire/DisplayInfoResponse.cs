using System.Buffers.Binary;
using VhostGpu.Display;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_resp_display_info (408 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  pmodes[16], 24 bytes each: rect r (16), u32 enabled, u32 flags
/// </code>
/// </summary>
public static class DisplayInfoResponse
{
    public const int Size = ControlHeader.Size + DisplayInfo.MaxScanouts * ModeSize;

    private const int ModeSize = 24;

    /// <summary>Writes the modes after the header; the caller writes the header.</summary>
    public static void WriteModes(Span<byte> response, DisplayInfo info)
    {
        for (int i = 0; i < DisplayInfo.MaxScanouts; i++)
        {
            var mode = info.Modes[i];
            var slot = response.Slice(ControlHeader.Size + i * ModeSize, ModeSize);
            var r = mode.Rect;
            // Negative values (a display bug) become an empty mode rather than huge unsigned sizes.
            if (r.X < 0 || r.Y < 0 || r.Width < 0 || r.Height < 0)
            {
                slot.Clear();
                continue;
            }
            new WireRect((uint)r.X, (uint)r.Y, (uint)r.Width, (uint)r.Height).Write(slot);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[16..], mode.Enabled ? 1u : 0u);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[20..], mode.Flags);
        }
    }
}
