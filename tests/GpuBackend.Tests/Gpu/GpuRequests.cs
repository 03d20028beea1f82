using System.Buffers.Binary;
using VhostGpu.Gpu.Wire;

namespace VhostGpu.Tests.Gpu;

/// <summary>
/// Control and cursor requests encoded the way a guest driver lays them out, independently of the
/// device's decoders: fixed offsets from the virtio-gpu header file (protocol reference 4.4).
/// </summary>
internal static class GpuRequests
{
    public const ulong NoFence = ulong.MaxValue;

    public static byte[] Header(uint type, int size, ulong fence = NoFence, uint context = 0)
    {
        var b = new byte[size];
        BinaryPrimitives.WriteUInt32LittleEndian(b, type);
        if (fence != NoFence)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), fence);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), context);
        }
        return b;
    }

    public static byte[] GetDisplayInfo(ulong fence = NoFence) => Header(0x0100, 24, fence);

    public static byte[] Create2D(uint resource, uint format, uint width, uint height, ulong fence = NoFence, uint context = 0)
    {
        var b = Header(0x0101, 40, fence, context);
        U32(b, 24, resource, format, width, height);
        return b;
    }

    public static byte[] Unref(uint resource) => WithResource(0x0102, resource);

    public static byte[] DetachBacking(uint resource) => WithResource(0x0107, resource);

    public static byte[] SetScanout(uint scanout, uint resource, uint x, uint y, uint width, uint height)
    {
        var b = Header(0x0103, 48);
        U32(b, 24, x, y, width, height, scanout, resource);
        return b;
    }

    public static byte[] Flush(uint resource, uint x, uint y, uint width, uint height)
    {
        var b = Header(0x0104, 48);
        U32(b, 24, x, y, width, height, resource);
        return b;
    }

    public static byte[] Transfer(uint resource, uint x, uint y, uint width, uint height, ulong offset, ulong fence = NoFence)
    {
        var b = Header(0x0105, 56, fence);
        U32(b, 24, x, y, width, height);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(40), offset);
        U32(b, 48, resource);
        return b;
    }

    public static byte[] AttachBacking(uint resource, params (ulong Address, uint Length)[] entries) =>
        AttachBackingClaiming(resource, (uint)entries.Length, entries);

    /// <summary>An attach_backing whose nr_entries says <paramref name="claimedEntries"/> whatever the list holds.</summary>
    public static byte[] AttachBackingClaiming(uint resource, uint claimedEntries, params (ulong Address, uint Length)[] entries)
    {
        var b = Header(0x0106, 32 + (16 * entries.Length));
        U32(b, 24, resource, claimedEntries);
        for (int i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32 + (16 * i)), entries[i].Address);
            U32(b, 40 + (16 * i), entries[i].Length);
        }
        return b;
    }

    public static byte[] GetCapsetInfo(uint index) => WithResource(0x0108, index);

    public static byte[] GetCapset(uint id, uint version)
    {
        var b = Header(0x0109, 32);
        U32(b, 24, id, version);
        return b;
    }

    public static byte[] GetEdid(uint scanout, ulong fence = NoFence)
    {
        var b = Header(0x010A, 32, fence);
        U32(b, 24, scanout);
        return b;
    }

    public static byte[] AssignUuid(uint resource, ulong fence = NoFence)
    {
        var b = Header(0x010B, 32, fence);
        U32(b, 24, resource);
        return b;
    }

    public static byte[] UpdateCursor(uint scanout, uint x, uint y, uint resource, uint hotX, uint hotY) =>
        Cursor(0x0300, scanout, x, y, resource, hotX, hotY);

    public static byte[] MoveCursor(uint scanout, uint x, uint y, uint resource) => Cursor(0x0301, scanout, x, y, resource, 0, 0);

    public static ResponseType TypeOf(ReadOnlySpan<byte> response) => (ResponseType)BinaryPrimitives.ReadUInt32LittleEndian(response);

    private static byte[] Cursor(uint type, uint scanout, uint x, uint y, uint resource, uint hotX, uint hotY)
    {
        var b = Header(type, 56);
        U32(b, 24, scanout, x, y);
        U32(b, 40, resource, hotX, hotY);
        return b;
    }

    private static byte[] WithResource(uint type, uint resource)
    {
        var b = Header(type, 32);
        U32(b, 24, resource);
        return b;
    }

    private static void U32(byte[] b, int offset, params uint[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset + (4 * i)), values[i]);
        }
    }
}
