using System.Buffers.Binary;

namespace VhostGpu.Bench.Guest;

/// <summary>
/// The virtio-gpu requests the benchmark's guest driver sends, encoded the way the Linux driver
/// lays them out (virtio spec 5.7.6, protocol reference 4.4). Written here on the driver's side,
/// not borrowed from the back-end's decoders, so a back-end is measured against the spec rather
/// than against its own reading of it. Each encoder returns the request's length.
/// <code>
/// ctrl_hdr    0 u32 type  4 u32 flags  8 u64 fence_id  16 u32 ctx_id  20 u8 ring_idx  21 pad[3]
/// rect        x, y, width, height (u32 each)
/// </code>
/// </summary>
public static class GpuRequest
{
    public const int HeaderSize = 24;
    public const int ResponseSize = 24;

    public const uint ResourceCreate2D = 0x0101;
    public const uint SetScanout = 0x0103;
    public const uint ResourceFlush = 0x0104;
    public const uint TransferToHost2D = 0x0105;
    public const uint ResourceAttachBacking = 0x0106;
    public const uint UpdateCursor = 0x0300;
    public const uint MoveCursor = 0x0301;

    public const uint OkNoData = 0x1100;
    public const uint FormatB8G8R8X8 = 2;
    public const uint FormatB8G8R8A8 = 1;

    private const uint FlagFence = 1;

    /// <summary>resource_create_2d (40): resource_id@24, format@28, width@32, height@36.</summary>
    public static int CreateResource2D(Span<byte> b, uint resourceId, uint format, uint width, uint height)
    {
        Header(b, ResourceCreate2D, fence: 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b[24..], resourceId);
        BinaryPrimitives.WriteUInt32LittleEndian(b[28..], format);
        BinaryPrimitives.WriteUInt32LittleEndian(b[32..], width);
        BinaryPrimitives.WriteUInt32LittleEndian(b[36..], height);
        return 40;
    }

    /// <summary>resource_attach_backing (32 + 16n): resource_id@24, nr_entries@28, {u64 addr; u32 length; u32 pad}[n]@32.</summary>
    public static int AttachBacking(Span<byte> b, uint resourceId, ReadOnlySpan<BackingEntry> entries)
    {
        Header(b, ResourceAttachBacking, fence: 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b[24..], resourceId);
        BinaryPrimitives.WriteUInt32LittleEndian(b[28..], (uint)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            var e = b.Slice(32 + (16 * i), 16);
            BinaryPrimitives.WriteUInt64LittleEndian(e, entries[i].Address);
            BinaryPrimitives.WriteUInt32LittleEndian(e[8..], entries[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(e[12..], 0);
        }
        return AttachBackingSize(entries.Length);
    }

    public static int AttachBackingSize(int entries) => 32 + (16 * entries);

    /// <summary>set_scanout (48): rect@24, scanout_id@40, resource_id@44.</summary>
    public static int SetScanoutRequest(Span<byte> b, uint scanoutId, uint resourceId, Rect r)
    {
        Header(b, SetScanout, fence: 0);
        r.Write(b[24..]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[40..], scanoutId);
        BinaryPrimitives.WriteUInt32LittleEndian(b[44..], resourceId);
        return 48;
    }

    /// <summary>transfer_to_host_2d (56): rect@24, u64 offset@40, resource_id@48, pad@52. Fenced like the Linux driver's.</summary>
    public static int Transfer(Span<byte> b, uint resourceId, Rect r, ulong offset, ulong fence)
    {
        Header(b, TransferToHost2D, fence);
        r.Write(b[24..]);
        BinaryPrimitives.WriteUInt64LittleEndian(b[40..], offset);
        BinaryPrimitives.WriteUInt32LittleEndian(b[48..], resourceId);
        BinaryPrimitives.WriteUInt32LittleEndian(b[52..], 0);
        return 56;
    }

    /// <summary>resource_flush (48): rect@24, resource_id@40, pad@44.</summary>
    public static int Flush(Span<byte> b, uint resourceId, Rect r)
    {
        Header(b, ResourceFlush, fence: 0);
        r.Write(b[24..]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[40..], resourceId);
        BinaryPrimitives.WriteUInt32LittleEndian(b[44..], 0);
        return 48;
    }

    /// <summary>update_cursor / move_cursor (56): scanout_id@24, x@28, y@32, pad@36, resource_id@40, hot_x@44, hot_y@48, pad@52.</summary>
    public static int Cursor(Span<byte> b, uint type, uint scanoutId, uint x, uint y, uint resourceId, uint hotX, uint hotY)
    {
        Header(b, type, fence: 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b[24..], scanoutId);
        BinaryPrimitives.WriteUInt32LittleEndian(b[28..], x);
        BinaryPrimitives.WriteUInt32LittleEndian(b[32..], y);
        BinaryPrimitives.WriteUInt32LittleEndian(b[36..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b[40..], resourceId);
        BinaryPrimitives.WriteUInt32LittleEndian(b[44..], hotX);
        BinaryPrimitives.WriteUInt32LittleEndian(b[48..], hotY);
        BinaryPrimitives.WriteUInt32LittleEndian(b[52..], 0);
        return 56;
    }

    /// <summary>The response type a device wrote (first u32 of ctrl_hdr).</summary>
    public static uint ResponseType(ReadOnlySpan<byte> response) => BinaryPrimitives.ReadUInt32LittleEndian(response);

    private static void Header(Span<byte> b, uint type, ulong fence)
    {
        var h = b[..HeaderSize];
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, type);
        if (fence != 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[4..], FlagFence);
            BinaryPrimitives.WriteUInt64LittleEndian(h[8..], fence);
        }
    }
}
