using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Interop;

/// <summary>
/// A shared read/write mmap of a file descriptor. Unmapped exactly once on dispose; the Memory
/// layer hands out bounds-checked spans over it and never lets a raw pointer escape.
/// </summary>
public sealed unsafe class MemoryMapping : IDisposable
{
    private byte* _base;

    private MemoryMapping(byte* basePtr, ulong length)
    {
        _base = basePtr;
        Length = length;
    }

    public ulong Length { get; }

    public bool IsDisposed => _base == null;

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fd"/> from file offset 0; -errno on failure.</summary>
    public static MemoryMapping? TryMap(FileDescriptor fd, ulong length, out int errno)
    {
        errno = 0;
        if (length == 0 || length > long.MaxValue)
        {
            errno = EINVAL;
            return null;
        }
        void* p = Libc.mmap(null, (nuint)length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd.Value, 0);
        if (p == (void*)-1)
        {
            errno = Libc.LastErrno;
            return null;
        }
        return new MemoryMapping((byte*)p, length);
    }

    /// <summary>
    /// The mapped bytes [offset, offset+length). Caller-checked bounds are re-checked here so a
    /// logic error elsewhere throws instead of touching foreign memory.
    /// </summary>
    public Span<byte> GetSpan(ulong offset, int length)
    {
        ObjectDisposedException.ThrowIf(_base == null, this);
        if (length < 0 || offset > Length || (ulong)length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, +{length}) outside mapping of {Length} bytes");
        }
        return new Span<byte>(_base + offset, length);
    }

    /// <summary>Pointer for atomic/volatile ring accesses inside Memory/; bounds as for <see cref="GetSpan"/>.</summary>
    internal byte* GetPointer(ulong offset, ulong length)
    {
        ObjectDisposedException.ThrowIf(_base == null, this);
        if (offset > Length || length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }
        return _base + offset;
    }

    public void Dispose()
    {
        if (_base != null)
        {
            Libc.munmap(_base, (nuint)Length);
            _base = null;
        }
    }
}
