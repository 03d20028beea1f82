using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_resp_edid (1056 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  u32 size   28  u32 padding
/// 32  u8 edid[1024]
/// </code>
/// </summary>
public static class EdidResponse
{
    public const int MaxEdidLength = 1024;
    public const int Size = 32 + MaxEdidLength;

    /// <summary>Writes size and EDID bytes after the header (the rest must already be zero); the caller writes the header.</summary>
    public static void WriteEdid(Span<byte> response, ReadOnlySpan<byte> edid)
    {
        if (edid.Length > MaxEdidLength)
        {
            throw new ArgumentException($"an EDID response carries at most {MaxEdidLength} bytes", nameof(edid));
        }
        BinaryPrimitives.WriteUInt32LittleEndian(response[24..], (uint)edid.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(response[28..], 0);
        edid.CopyTo(response[32..]);
    }
}
