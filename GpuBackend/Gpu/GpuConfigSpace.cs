using System.Buffers.Binary;

namespace VhostGpu.Gpu;

/// <summary>
/// virtio_gpu_config (16 bytes, protocol reference 4.1):
/// <code>
///  0  u32 events_read (read-only; bit 0 DISPLAY)
///  4  u32 events_clear (write 1 to clear the bit in events_read)
///  8  u32 num_scanouts (read-only)
/// 12  u32 num_capsets (read-only; 0 in 2D)
/// </code>
/// Guarded by the device lock.
/// </summary>
internal sealed class GpuConfigSpace(int scanouts)
{
    public const int Size = 16;
    public const uint EventDisplay = 1;

    private const int EventsClearOffset = 4;

    public uint EventsRead { get; private set; }

    public uint Scanouts { get; } = scanouts is >= 1 and <= 16 ? (uint)scanouts : throw new ArgumentOutOfRangeException(nameof(scanouts));

    /// <summary>Sets VIRTIO_GPU_EVENT_DISPLAY: the display configuration changed.</summary>
    public void RaiseDisplayEvent() => EventsRead |= EventDisplay;

    public bool TryRead(uint offset, Span<byte> data)
    {
        if (offset > Size || (ulong)data.Length > Size - offset)
        {
            return false;
        }
        Span<byte> config = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(config, EventsRead);
        BinaryPrimitives.WriteUInt32LittleEndian(config[8..], Scanouts);
        config.Slice((int)offset, data.Length).CopyTo(data);
        return true;
    }

    /// <summary>
    /// Applies a driver write. Only events_clear is writable; QEMU forwards the whole 16-byte config
    /// (its own copy of the read-only fields included), so a write that covers events_clear is
    /// accepted and the read-only bytes in it are ignored. A write that misses events_clear, or
    /// leaves the config space, changes nothing and is refused.
    /// </summary>
    public bool TryWrite(uint offset, ReadOnlySpan<byte> data)
    {
        if (offset > EventsClearOffset || (ulong)data.Length > Size - offset || offset + (uint)data.Length < EventsClearOffset + 4)
        {
            return false;
        }
        uint clear = BinaryPrimitives.ReadUInt32LittleEndian(data[(EventsClearOffset - (int)offset)..]);
        EventsRead &= ~clear;
        return true;
    }
}
