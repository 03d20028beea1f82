using System.Text;
using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Interop;

/// <summary>
/// AF_UNIX stream sockets with SCM_RIGHTS fd passing. All calls return errno-style results
/// (negative errno on failure) so protocol code can sort peer errors from host errors.
/// </summary>
public static unsafe class UnixSocket
{
    /// <summary>Most fds that one vhost-user message may carry (vhost-user.rst: 8).</summary>
    public const int MaxFdsPerMessage = 8;

    /// <summary>Most fds the kernel accepts in one sendmsg (SCM_MAX_FD); more than a receiver here takes, so tests can exceed it.</summary>
    public const int MaxFdsPerSend = 253;

    /// <summary>Longest socket path sockaddr_un holds (108 bytes with the terminating NUL).</summary>
    public const int MaxPathLength = 107;

    private const int ControlHeaderSize = 16;
    private const int ControlBufferSize = ControlHeaderSize + MaxFdsPerMessage * sizeof(int);

    public static FileDescriptor Listen(string path, int backlog = 1)
    {
        var fd = Create();
        var addr = MakeAddress(path);
        if (Libc.bind(fd.Value, &addr, (uint)sizeof(Libc.SockAddrUnix)) != 0 || Libc.listen(fd.Value, backlog) != 0)
        {
            int errno = Libc.LastErrno;
            fd.Dispose();
            throw new NativeException($"bind/listen {path}", errno);
        }
        return fd;
    }

    public static FileDescriptor Connect(string path)
    {
        var fd = Create();
        var addr = MakeAddress(path);
        if (Libc.connect(fd.Value, &addr, (uint)sizeof(Libc.SockAddrUnix)) != 0)
        {
            int errno = Libc.LastErrno;
            fd.Dispose();
            throw new NativeException($"connect {path}", errno);
        }
        return fd;
    }

    /// <summary>Blocks until a peer connects; null when the listener was shut down.</summary>
    public static FileDescriptor? Accept(FileDescriptor listener)
    {
        while (true)
        {
            int fd = Libc.accept4(listener.Value, null, null, SOCK_CLOEXEC);
            if (fd >= 0)
            {
                return new FileDescriptor(fd);
            }
            int errno = Libc.LastErrno;
            if (!Errno.IsRetry(errno))
            {
                return null;
            }
        }
    }

    public static (FileDescriptor, FileDescriptor) CreatePair()
    {
        int* sv = stackalloc int[2];
        if (Libc.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        {
            throw new NativeException("socketpair", Libc.LastErrno);
        }
        return (new FileDescriptor(sv[0]), new FileDescriptor(sv[1]));
    }

    /// <summary>Wakes any thread blocked on the socket (accept/recv return) without closing it.</summary>
    public static void Shutdown(FileDescriptor fd)
    {
        if (!fd.IsClosed)
        {
            Libc.shutdown(fd.Value, SHUT_RDWR);
        }
    }

    /// <summary>True when <paramref name="path"/> exists and is a unix socket (lstat: links are not followed).</summary>
    public static bool IsSocketFile(string path)
    {
        Libc.StatBuffer st;
        return Libc.lstat(path, &st) == 0 && (st.Mode & S_IFMT) == S_IFSOCK;
    }

    /// <summary>
    /// One recvmsg into <paramref name="buffer"/>; received fds are stored in <paramref name="fds"/>
    /// (CLOEXEC). Returns bytes read (0 = EOF) or -errno. <paramref name="controlTruncated"/> is set
    /// when the peer sent more fds than fit: those are lost and the stream must be treated as broken.
    /// </summary>
    public static int Receive(FileDescriptor socket, Span<byte> buffer, List<FileDescriptor> fds, out bool controlTruncated, bool nonBlocking = false)
    {
        byte* control = stackalloc byte[ControlBufferSize];
        fixed (byte* data = buffer)
        {
            while (true)
            {
                var iov = new Libc.IoVector { Base = data, Length = (nuint)buffer.Length };
                var msg = new Libc.MessageHeader { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlBufferSize };
                nint n = Libc.recvmsg(socket.Value, &msg, MSG_CMSG_CLOEXEC | (nonBlocking ? MSG_DONTWAIT : 0));
                if (n < 0)
                {
                    int errno = Libc.LastErrno;
                    if (Errno.IsRetry(errno))
                    {
                        continue;
                    }
                    controlTruncated = false;
                    return -errno;
                }
                controlTruncated = (msg.Flags & MSG_CTRUNC) != 0;
                CollectFds(control, msg.ControlLength, fds);
                return (int)n;
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="first"/> then <paramref name="second"/> in one sendmsg, attaching
    /// <paramref name="fds"/> to the first byte. Returns bytes sent or -errno. Never raises SIGPIPE.
    /// </summary>
    public static int Send(FileDescriptor socket, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<int> fds, bool nonBlocking = false)
    {
        if (fds.Length > MaxFdsPerSend)
        {
            throw new ArgumentOutOfRangeException(nameof(fds), $"at most {MaxFdsPerSend} fds per sendmsg");
        }
        byte* control = stackalloc byte[ControlHeaderSize + (MaxFdsPerSend * sizeof(int)) + 4];
        fixed (byte* a = first)
        fixed (byte* b = second)
        {
            var iov = stackalloc Libc.IoVector[2];
            iov[0] = new Libc.IoVector { Base = a, Length = (nuint)first.Length };
            iov[1] = new Libc.IoVector { Base = b, Length = (nuint)second.Length };
            var msg = new Libc.MessageHeader { Iov = iov, IovLength = second.IsEmpty ? 1u : 2u };
            if (!fds.IsEmpty)
            {
                var cmsg = (Libc.ControlMessageHeader*)control;
                cmsg->Length = (nuint)(ControlHeaderSize + fds.Length * sizeof(int));
                cmsg->Level = SOL_SOCKET;
                cmsg->Type = SCM_RIGHTS;
                fds.CopyTo(new Span<int>(control + ControlHeaderSize, fds.Length));
                msg.Control = control;
                msg.ControlLength = (nuint)(ControlHeaderSize + ((fds.Length * sizeof(int) + 7) & ~7));
            }
            while (true)
            {
                nint n = Libc.sendmsg(socket.Value, &msg, MSG_NOSIGNAL | (nonBlocking ? MSG_DONTWAIT : 0));
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

    /// <summary>Sends all bytes of both spans (fds with the first byte), completing partial writes. Returns 0 or -errno.</summary>
    public static int SendAll(FileDescriptor socket, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<int> fds = default)
    {
        while (!first.IsEmpty || !second.IsEmpty)
        {
            int n = Send(socket, first, second, fds);
            if (n < 0)
            {
                return n;
            }
            fds = default;
            int fromFirst = Math.Min(n, first.Length);
            first = first[fromFirst..];
            second = second[(n - fromFirst)..];
        }
        return 0;
    }

    /// <summary>Reads exactly buffer.Length bytes; returns 0 on success, 1 on EOF, -errno on error. Fds arriving meanwhile are collected.</summary>
    public static int ReceiveExactly(FileDescriptor socket, Span<byte> buffer, List<FileDescriptor> fds, out bool controlTruncated)
    {
        controlTruncated = false;
        while (!buffer.IsEmpty)
        {
            int n = Receive(socket, buffer, fds, out bool truncated);
            controlTruncated |= truncated;
            if (n <= 0)
            {
                return n == 0 ? 1 : n;
            }
            buffer = buffer[n..];
        }
        return 0;
    }

    /// <summary>Waits until the socket is readable or <paramref name="timeoutMs"/> passes (-1 = forever).</summary>
    public static bool WaitReadable(FileDescriptor socket, int timeoutMs)
    {
        var pfd = new Libc.PollFd { Fd = socket.Value, Events = POLLIN };
        int rc;
        do
        {
            rc = Libc.poll(&pfd, 1, timeoutMs);
        }
        while (rc < 0 && Errno.IsRetry(Libc.LastErrno));
        return rc > 0;
    }

    /// <summary>Asks for a larger kernel send buffer (best effort: limited by wmem_max unless privileged).</summary>
    public static void TryEnlargeSendBuffer(FileDescriptor socket, int bytes)
    {
        int value = bytes;
        if (Libc.setsockopt(socket.Value, SOL_SOCKET, SO_SNDBUFFORCE, &value, sizeof(int)) != 0)
        {
            Libc.setsockopt(socket.Value, SOL_SOCKET, SO_SNDBUF, &value, sizeof(int));
        }
    }

    private static void CollectFds(byte* control, nuint length, List<FileDescriptor> fds)
    {
        nuint offset = 0;
        while (offset + ControlHeaderSize <= length)
        {
            var cmsg = (Libc.ControlMessageHeader*)(control + offset);
            if (cmsg->Length < ControlHeaderSize || offset + cmsg->Length > length)
            {
                break;
            }
            if (cmsg->Level == SOL_SOCKET && cmsg->Type == SCM_RIGHTS)
            {
                int count = (int)((cmsg->Length - ControlHeaderSize) / sizeof(int));
                int* p = (int*)(control + offset + ControlHeaderSize);
                for (int i = 0; i < count; i++)
                {
                    fds.Add(new FileDescriptor(p[i]));
                }
            }
            offset += (cmsg->Length + 7) & ~(nuint)7;
        }
    }

    private static FileDescriptor Create()
    {
        int fd = Libc.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new NativeException("socket", Libc.LastErrno);
        }
        return new FileDescriptor(fd);
    }

    private static Libc.SockAddrUnix MakeAddress(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length > MaxPathLength)
        {
            throw new ArgumentException($"socket path longer than {MaxPathLength} bytes: {path}", nameof(path));
        }
        var addr = new Libc.SockAddrUnix { Family = AF_UNIX };
        bytes.CopyTo(new Span<byte>(addr.Path, 108));
        return addr;
    }
}
