using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_set_scanout (48 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  rect r (16)
/// 40  u32 scanout_id   44  u32 resource_id
/// </code>
/// </summary>
public readonly record struct SetScanoutRequest(WireRect Rect, uint ScanoutId, uint ResourceId)
{
    public const int Size = 48;

    public static bool TryRead(ReadOnlySpan<byte> request, out SetScanoutRequest value)
    {
        if (request.Length < Size)
        {
            value = default;
            return false;
        }
        value = new SetScanoutRequest(
            WireRect.Read(request[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[40..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[44..]));
        return true;
    }
}
