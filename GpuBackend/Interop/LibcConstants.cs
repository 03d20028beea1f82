namespace VhostGpu.Interop;

/// <summary>Linux x86_64 constants used by the interop layer and its callers.</summary>
internal static class LibcConstants
{
    public const int AF_UNIX = 1;
    public const int SOCK_STREAM = 1;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SCM_RIGHTS = 1;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_SNDBUFFORCE = 32;
    public const int SHUT_RDWR = 2;

    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_CTRUNC = 0x8;
    public const int MSG_NOSIGNAL = 0x4000;
    public const int MSG_CMSG_CLOEXEC = 0x40000000;

    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int MAP_SHARED = 1;
    public const int MAP_NORESERVE = 0x4000;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const uint EPOLLIN = 0x1;
    public const uint EPOLLERR = 0x8;
    public const uint EPOLLHUP = 0x10;

    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;

    public const uint MFD_CLOEXEC = 1;
    public const uint MFD_ALLOW_SEALING = 2;

    public const int F_ADD_SEALS = 1033;
    public const int F_GET_SEALS = 1034;
    public const int F_SEAL_SEAL = 1;
    public const int F_SEAL_SHRINK = 2;
    public const int F_SEAL_GROW = 4;
    public const int F_SEAL_WRITE = 8;

    public const int O_RDWR = 2;
    public const int O_CLOEXEC = 0x80000;

    public const int F_GETFD = 1;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int O_NONBLOCK = 0x800;
    public const int F_SETPIPE_SZ = 1031;
    public const int F_GETPIPE_SZ = 1032;
    public const uint SPLICE_F_MOVE = 1;
    public const uint SPLICE_F_NONBLOCK = 2;

    public const uint S_IFMT = 0xF000;
    public const uint S_IFSOCK = 0xC000;

    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EINVAL = 22;
    public const int EPIPE = 32;
    public const int ENOENT = 2;
    public const int ECONNRESET = 104;
    public const int ECONNREFUSED = 111;
}
