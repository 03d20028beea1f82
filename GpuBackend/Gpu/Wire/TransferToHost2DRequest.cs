using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_transfer_to_host_2d (56 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  rect r (16)
/// 40  u64 offset (into the backing, bytes)
/// 48  u32 resource_id   52  u32 padding
/// </code>
/// </summary>
public readonly record struct TransferToHost2DRequest(WireRect Rect, ulong Offset, uint ResourceId)
{
    public const int Size = 56;

    public static bool TryRead(ReadOnlySpan<byte> request, out TransferToHost2DRequest value)
    {
        if (request.Length < Size)
        {
            value = default;
            return false;
        }
        value = new TransferToHost2DRequest(
            WireRect.Read(request[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(request[40..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[48..]));
        return true;
    }
}
