using VhostGpu.Interop;
using VhostGpu.VhostUser.Messages;

namespace VhostGpu.VhostUser;

/// <summary>
/// The shared inflight area (GET_INFLIGHT_FD / SET_INFLIGHT_FD): one region per queue recording
/// which descriptor heads the back-end has popped but not yet completed, so that after a
/// reconnect the front-end hands the same memory back and those requests are not lost.
/// Layout per queue (vhost-user.rst "Inflight I/O tracking", split rings), regions 64-byte aligned:
/// <code>
/// 0        8        10       12              14       16
/// +--------+--------+--------+---------------+--------+----------------------+
/// |features|version |desc_num|last_batch_head|used_idx| DescStateSplit[num]  |
/// +--------+--------+--------+---------------+--------+----------------------+
/// DescStateSplit (16): u8 inflight; u8 pad[5]; u16 next; u64 counter
/// </code>
/// </summary>
public sealed class InflightArea : IDisposable
{
    public const ushort Version = 1;
    private const ulong Alignment = 64;

    private readonly MemoryMapping _mapping;
    private readonly ulong _offset;
    private readonly InflightQueueRegion[] _queues;

    private InflightArea(FileDescriptor fd, MemoryMapping mapping, ulong offset, ulong size, ushort queueCount, ushort queueSize)
    {
        Fd = fd;
        _mapping = mapping;
        _offset = offset;
        Size = size;
        QueueSize = queueSize;
        ulong stride = QueueRegionSize(queueSize);
        _queues = new InflightQueueRegion[queueCount];
        for (int i = 0; i < queueCount; i++)
        {
            _queues[i] = new InflightQueueRegion(mapping, offset + (ulong)i * stride, queueSize);
        }
    }

    public FileDescriptor Fd { get; }

    public ulong Size { get; }

    public ushort QueueSize { get; }

    public int QueueCount => _queues.Length;

    public InflightDescription Description => new(Size, _offset, (ushort)_queues.Length, QueueSize);

    public static ulong QueueRegionSize(ushort queueSize) =>
        (InflightQueueRegion.HeaderSize + ((ulong)queueSize * InflightQueueRegion.DescriptorStateSize) + Alignment - 1) & ~(Alignment - 1);

    /// <summary>GET_INFLIGHT_FD: a fresh, zeroed area in a memfd, each queue stamped with version and size.</summary>
    public static InflightArea? TryCreate(ushort queueCount, ushort queueSize, out string? error)
    {
        if (queueCount == 0 || queueSize == 0 || queueSize > Vring.MaxSize)
        {
            error = $"inflight area for {queueCount} queues of {queueSize} descriptors";
            return null;
        }
        ulong size = QueueRegionSize(queueSize) * queueCount;
        var fd = FileDescriptor.CreateMemory("vhost-user-inflight", (long)size);
        var mapping = MemoryMapping.TryMap(fd, size, out int errno);
        if (mapping == null)
        {
            fd.Dispose();
            error = $"mmap of inflight area failed: {Errno.Describe(errno)}";
            return null;
        }
        var area = new InflightArea(fd, mapping, 0, size, queueCount, queueSize);
        foreach (var q in area._queues)
        {
            q.Initialize();
        }
        error = null;
        return area;
    }

    /// <summary>SET_INFLIGHT_FD: maps an area the front-end kept from an earlier connection. Owns <paramref name="fd"/> from here on.</summary>
    public static InflightArea? TryAdopt(FileDescriptor fd, InflightDescription d, out string? error)
    {
        ulong needed = QueueRegionSize(d.QueueSize) * d.QueueCount;
        long fileSize = fd.GetFileSize();
        error = d.QueueCount == 0 || d.QueueSize == 0 || d.QueueSize > Vring.MaxSize ? $"inflight area for {d.QueueCount} queues of {d.QueueSize} descriptors"
            : d.MmapSize < needed ? $"inflight area of {d.MmapSize} bytes, {needed} needed"
            : d.MmapOffset + d.MmapSize < d.MmapOffset || fileSize < 0 || (ulong)fileSize < d.MmapOffset + d.MmapSize ? $"inflight area [{d.MmapOffset}, +{d.MmapSize}) outside its file of {fileSize} bytes"
            : null;
        var mapping = error == null ? MemoryMapping.TryMap(fd, d.MmapOffset + d.MmapSize, out int errno) : null;
        if (mapping == null)
        {
            error ??= "mmap of inflight area failed";
            fd.Dispose();
            return null;
        }
        return new InflightArea(fd, mapping, d.MmapOffset, d.MmapSize, d.QueueCount, d.QueueSize);
    }

    public InflightQueueRegion? Queue(int index) => index < _queues.Length ? _queues[index] : null;

    public void Dispose()
    {
        _mapping.Dispose();
        Fd.Dispose();
    }
}
