using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// The requests that name only a resource: virtio_gpu_resource_unref,
/// virtio_gpu_resource_detach_backing and virtio_gpu_resource_assign_uuid (32 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  u32 resource_id   28  u32 padding
/// </code>
/// </summary>
public readonly record struct ResourceIdRequest(uint ResourceId)
{
    public const int Size = 32;

    public static bool TryRead(ReadOnlySpan<byte> request, out ResourceIdRequest value)
    {
        if (request.Length < Size)
        {
            value = default;
            return false;
        }
        value = new ResourceIdRequest(BinaryPrimitives.ReadUInt32LittleEndian(request[24..]));
        return true;
    }
}
