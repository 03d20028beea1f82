using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_cmd_get_edid (32 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  u32 scanout   28  u32 padding
/// </code>
/// </summary>
public readonly record struct GetEdidRequest(uint ScanoutId)
{
    public const int Size = 32;

    public static bool TryRead(ReadOnlySpan<byte> request, out GetEdidRequest value)
    {
        if (request.Length < Size)
        {
            value = default;
            return false;
        }
        value = new GetEdidRequest(BinaryPrimitives.ReadUInt32LittleEndian(request[24..]));
        return true;
    }
}
