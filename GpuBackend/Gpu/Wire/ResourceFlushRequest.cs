using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_resource_flush (48 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  rect r (16)
/// 40  u32 resource_id   44  u32 padding
/// </code>
/// </summary>
public readonly record struct ResourceFlushRequest(WireRect Rect, uint ResourceId)
{
    public const int Size = 48;

    public static bool TryRead(ReadOnlySpan<byte> request, out ResourceFlushRequest value)
    {
        if (request.Length < Size)
        {
            value = default;
            return false;
        }
        value = new ResourceFlushRequest(WireRect.Read(request[24..]), BinaryPrimitives.ReadUInt32LittleEndian(request[40..]));
        return true;
    }
}
