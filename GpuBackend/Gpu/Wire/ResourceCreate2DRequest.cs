using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_resource_create_2d (40 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  u32 resource_id   28  u32 format   32  u32 width   36  u32 height
/// </code>
/// </summary>
public readonly record struct ResourceCreate2DRequest(uint ResourceId, uint Format, uint Width, uint Height)
{
    public const int Size = 40;

    public static bool TryRead(ReadOnlySpan<byte> request, out ResourceCreate2DRequest value)
    {
        if (request.Length < Size)
        {
            value = default;
            return false;
        }
        value = new ResourceCreate2DRequest(
            BinaryPrimitives.ReadUInt32LittleEndian(request[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[28..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[36..]));
        return true;
    }
}
