using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Interop;

/// <summary>
/// An eventfd counter: the kick, call and error notifications of vhost-user, and our own wake-ups.
/// Wraps either a descriptor we created or one the front-end passed.
/// </summary>
public sealed unsafe class EventFd : IDisposable
{
    public EventFd(FileDescriptor fd) => Descriptor = fd;

    public FileDescriptor Descriptor { get; }

    public static EventFd Create(bool nonBlocking = true)
    {
        int fd = Libc.eventfd(0, EFD_CLOEXEC | (nonBlocking ? EFD_NONBLOCK : 0));
        if (fd < 0)
        {
            throw new NativeException("eventfd", Libc.LastErrno);
        }
        return new EventFd(new FileDescriptor(fd));
    }

    /// <summary>Adds 1 to the counter. Returns false if the write failed (e.g. a closed or bogus fd).</summary>
    public bool Signal()
    {
        ulong one = 1;
        bool added = false;
        Descriptor.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                nint n = Libc.write(Descriptor.Value, &one, sizeof(ulong));
                if (n == sizeof(ulong))
                {
                    return true;
                }
                // A saturated counter (EAGAIN) still means "signalled".
                if (n < 0 && Errno.IsRetry(Libc.LastErrno))
                {
                    continue;
                }
                return n < 0 && Errno.IsWouldBlock(Libc.LastErrno);
            }
        }
        finally
        {
            Descriptor.DangerousRelease();
        }
    }

    /// <summary>Reads and resets the counter; 0 when nothing was pending (non-blocking fd) or on error.</summary>
    public ulong Consume()
    {
        ulong value = 0;
        bool added = false;
        Descriptor.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                nint n = Libc.read(Descriptor.Value, &value, sizeof(ulong));
                if (n == sizeof(ulong))
                {
                    return value;
                }
                if (n < 0 && Errno.IsRetry(Libc.LastErrno))
                {
                    continue;
                }
                return 0;
            }
        }
        finally
        {
            Descriptor.DangerousRelease();
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for the counter to become non-zero, then consumes it.</summary>
    public ulong Wait(int timeoutMs)
    {
        var pfd = new Libc.PollFd { Fd = Descriptor.Value, Events = POLLIN };
        int rc = Libc.poll(&pfd, 1, timeoutMs);
        return rc > 0 ? Consume() : 0;
    }

    public void Dispose() => Descriptor.Dispose();
}
