using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Interop;

/// <summary>
/// Moves bytes of our own memory into a socket without copying them: vmsplice hands the pages to
/// a pipe by reference, splice passes those references on to the socket, and the receiver copies
/// straight out of our pages. The kernel holds a reference on each page until the receiver has
/// read it, so the memory may be freed meanwhile; but a write to it before then may still reach
/// the receiver, which is why callers only use it where newer pixels are as good as older ones.
/// Only for memory the GC does not move (native allocations, mappings). One user at a time;
/// disposing from another thread is safe (a call in progress keeps the descriptors open).
/// </summary>
public sealed unsafe class PagePipe : IDisposable
{
    private readonly FileDescriptor _read;
    private readonly FileDescriptor _write;

    private PagePipe(FileDescriptor read, FileDescriptor write, int capacity)
    {
        _read = read;
        _write = write;
        Capacity = capacity;
    }

    /// <summary>Bytes one <see cref="Load"/> can take.</summary>
    public int Capacity { get; }

    /// <summary>A pipe of about <paramref name="capacity"/> bytes (smaller when the system caps pipe sizes); null with errno when none can be made.</summary>
    public static PagePipe? TryCreate(int capacity, out int errno)
    {
        int* fds = stackalloc int[2];
        if (Libc.pipe2(fds, O_CLOEXEC) != 0)
        {
            errno = Libc.LastErrno;
            return null;
        }
        var read = new FileDescriptor(fds[0]);
        var write = new FileDescriptor(fds[1]);
        // Best effort: a smaller pipe only means more system calls per band.
        Libc.fcntl(fds[1], F_SETPIPE_SZ, capacity);
        int actual = Libc.fcntl(fds[1], F_GETPIPE_SZ, 0);
        if (actual <= 0)
        {
            errno = Libc.LastErrno;
            read.Dispose();
            write.Dispose();
            return null;
        }
        errno = 0;
        return new PagePipe(read, write, actual);
    }

    /// <summary>
    /// Puts the pages under the first bytes of <paramref name="memory"/> (at most <see cref="Capacity"/>)
    /// into the empty pipe. Returns how many bytes it took, or -errno. Never blocks.
    /// </summary>
    public int Load(ReadOnlySpan<byte> memory)
    {
        bool added = false;
        try
        {
            _write.DangerousAddRef(ref added);
            fixed (byte* start = memory)
            {
                var iov = new Libc.IoVector { Base = start, Length = (nuint)Math.Min(memory.Length, Capacity) };
                while (true)
                {
                    nint n = Libc.vmsplice(_write.Value, &iov, 1, SPLICE_F_NONBLOCK);
                    if (n >= 0)
                    {
                        return (int)n;
                    }
                    int errno = Libc.LastErrno;
                    if (!Errno.IsRetry(errno))
                    {
                        return -errno;
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return -EPIPE;
        }
        finally
        {
            if (added)
            {
                _write.DangerousRelease();
            }
        }
    }

    /// <summary>Moves <paramref name="count"/> loaded bytes into <paramref name="socket"/>, waiting for room. 0 or -errno.</summary>
    public int DrainInto(FileDescriptor socket, int count)
    {
        bool added = false, pipeAdded = false;
        try
        {
            socket.DangerousAddRef(ref added);
            _read.DangerousAddRef(ref pipeAdded);
            while (count > 0)
            {
                nint n = Libc.splice(_read.Value, null, socket.Value, null, (nuint)count, SPLICE_F_MOVE);
                if (n > 0)
                {
                    count -= (int)n;
                    continue;
                }
                int errno = n == 0 ? EPIPE : Libc.LastErrno;
                if (!Errno.IsRetry(errno))
                {
                    return -errno;
                }
            }
            return 0;
        }
        catch (ObjectDisposedException)
        {
            return -EPIPE;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
            if (pipeAdded)
            {
                _read.DangerousRelease();
            }
        }
    }

    /// <summary>Closes the pipe once no call is using it; pages still in it are dropped.</summary>
    public void Dispose()
    {
        _read.Dispose();
        _write.Dispose();
    }
}
