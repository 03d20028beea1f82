using VhostGpu.Interop;

namespace VhostGpu.Memory;

/// <summary>
/// The front-end's dirty-page bitmap (SET_LOG_BASE): one bit per 4 KiB guest page, set atomically
/// for every page the device writes while VHOST_F_LOG_ALL is on. Pages beyond the bitmap are
/// ignored: the front-end sized it for the guest's memory.
/// </summary>
public sealed class DirtyLog : IDisposable
{
    public const int PageShift = 12;

    private readonly MemoryMapping _mapping;
    private readonly ulong _offset;
    private readonly ulong _size;

    private DirtyLog(MemoryMapping mapping, ulong offset, ulong size)
    {
        _mapping = mapping;
        _offset = offset;
        _size = size;
    }

    /// <summary>Maps the log; null with a reason when the fd or the sizes are unusable.</summary>
    public static DirtyLog? TryMap(FileDescriptor fd, ulong size, ulong offset, out string? error)
    {
        if (size == 0 || offset + size < offset || offset + size > long.MaxValue)
        {
            error = $"bad log size {size} at offset {offset}";
            return null;
        }
        var mapping = MemoryMapping.TryMap(fd, offset + size, out int errno);
        if (mapping == null)
        {
            error = $"mmap of log failed: {Errno.Describe(errno)}";
            return null;
        }
        error = null;
        return new DirtyLog(mapping, offset, size);
    }

    /// <summary>Marks every page of [gpa, gpa+length) dirty.</summary>
    public unsafe void MarkDirty(ulong gpa, ulong length)
    {
        if (length == 0)
        {
            return;
        }
        ulong first = gpa >> PageShift;
        ulong last = (gpa + length - 1) >> PageShift;
        for (ulong page = first; page <= last; page++)
        {
            ulong byteIndex = page >> 3;
            if (byteIndex >= _size)
            {
                return;
            }
            // SAFETY: byteIndex < _size, the mapping covers [_offset, _offset + _size). The front-end
            // reads the bitmap concurrently, so bits are set with an atomic OR on the containing
            // aligned 32-bit word when it lies wholly inside the log, else on the byte.
            ulong at = _offset + byteIndex;
            ulong wordAt = at & ~3UL;
            if (wordAt >= _offset && wordAt + 4 <= _offset + _size)
            {
                int* word = (int*)_mapping.GetPointer(wordAt, 4);
                Interlocked.Or(ref *word, 1 << (int)(((at - wordAt) * 8) + (page & 7)));
            }
            else
            {
                byte* b = _mapping.GetPointer(at, 1);
                byte bit = (byte)(1 << (int)(page & 7));
                byte old;
                do
                {
                    old = Volatile.Read(ref *b);
                }
                while ((old & bit) == 0 && Interlocked.CompareExchange(ref *b, (byte)(old | bit), old) != old);
            }
        }
    }

    public void Dispose() => _mapping.Dispose();
}
