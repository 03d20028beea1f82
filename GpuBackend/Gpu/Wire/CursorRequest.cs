using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_update_cursor, used by UPDATE_CURSOR and MOVE_CURSOR (56 bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  cursor_pos: u32 scanout_id  28  u32 x  32  u32 y  36  u32 padding
/// 40  u32 resource_id   44  u32 hot_x   48  u32 hot_y   52  u32 padding
/// </code>
/// </summary>
public readonly record struct CursorRequest(uint ScanoutId, uint X, uint Y, uint ResourceId, uint HotX, uint HotY)
{
    public const int Size = 56;

    public static bool TryRead(ReadOnlySpan<byte> request, out CursorRequest value)
    {
        if (request.Length < Size)
        {
            value = default;
            return false;
        }
        value = new CursorRequest(
            BinaryPrimitives.ReadUInt32LittleEndian(request[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[28..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[40..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[44..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[48..]));
        return true;
    }
}
