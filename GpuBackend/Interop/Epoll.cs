using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Interop;

/// <summary>
/// A level-triggered epoll set. Each registered fd carries a caller-chosen 64-bit tag that
/// <see cref="Wait"/> returns, so the caller never has to map raw fd numbers back.
/// </summary>
public sealed unsafe class Epoll : IDisposable
{
    private readonly FileDescriptor _fd;

    public Epoll()
    {
        int fd = Libc.epoll_create1(EPOLL_CLOEXEC);
        if (fd < 0)
        {
            throw new NativeException("epoll_create1", Libc.LastErrno);
        }
        _fd = new FileDescriptor(fd);
    }

    /// <summary>Registers <paramref name="fd"/> for readability. Returns false (with the errno) for a descriptor epoll refuses, e.g. a regular file.</summary>
    public bool TryAdd(FileDescriptor fd, ulong tag, out int errno)
    {
        var ev = new Libc.EpollEvent { Events = EPOLLIN, Data = tag };
        errno = 0;
        if (Libc.epoll_ctl(_fd.Value, EPOLL_CTL_ADD, fd.Value, &ev) == 0)
        {
            return true;
        }
        errno = Libc.LastErrno;
        return false;
    }

    public void Remove(FileDescriptor fd)
    {
        if (!fd.IsClosed)
        {
            Libc.epoll_ctl(_fd.Value, EPOLL_CTL_DEL, fd.Value, null);
        }
    }

    /// <summary>Waits for ready descriptors and writes their tags into <paramref name="tags"/>; returns how many.</summary>
    public int Wait(Span<ulong> tags, int timeoutMs)
    {
        int max = Math.Min(tags.Length, 16);
        var events = stackalloc Libc.EpollEvent[max];
        while (true)
        {
            int n = Libc.epoll_wait(_fd.Value, events, max, timeoutMs);
            if (n < 0)
            {
                int errno = Libc.LastErrno;
                if (Errno.IsRetry(errno))
                {
                    continue;
                }
                throw new NativeException("epoll_wait", errno);
            }
            for (int i = 0; i < n; i++)
            {
                tags[i] = events[i].Data;
            }
            return n;
        }
    }

    public void Dispose() => _fd.Dispose();
}
