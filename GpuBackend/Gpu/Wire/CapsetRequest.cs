using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_get_capset_info and virtio_gpu_get_capset share one shape (32 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  u32 capset_index (GET_CAPSET_INFO) or capset_id (GET_CAPSET)
/// 28  u32 padding (GET_CAPSET_INFO) or capset_version (GET_CAPSET)
/// </code>
/// </summary>
public readonly record struct CapsetRequest(uint IndexOrId, uint Version)
{
    public const int Size = 32;

    public static bool TryRead(ReadOnlySpan<byte> request, out CapsetRequest value)
    {
        if (request.Length < Size)
        {
            value = default;
            return false;
        }
        value = new CapsetRequest(
            BinaryPrimitives.ReadUInt32LittleEndian(request[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[28..]));
        return true;
    }
}
