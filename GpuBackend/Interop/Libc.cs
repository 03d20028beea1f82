using System.Runtime.InteropServices;

namespace VhostGpu.Interop;

/// <summary>
/// Raw libc entry points (x86_64 Linux ABI). Callers outside Interop/ use the safe wrappers
/// (<see cref="FileDescriptor"/>, <see cref="UnixSocket"/>, <see cref="EventFd"/>, <see cref="Epoll"/>).
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint read(int fd, void* buf, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint write(int fd, void* buf, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int pipe2(int* fds, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint vmsplice(int fd, IoVector* iov, nuint count, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint splice(int fdIn, long* offsetIn, int fdOut, long* offsetOut, nuint length, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int ftruncate(int fd, long length);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fstat(int fd, StatBuffer* buf);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int lstat(string path, StatBuffer* buf);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int memfd_create(string name, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int dup(int fd);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int ioctl(int fd, ulong request, void* argument);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial void* mmap(void* addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int munmap(void* addr, nuint length);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int socketpair(int domain, int type, int protocol, int* sv);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int bind(int fd, SockAddrUnix* addr, uint len);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int connect(int fd, SockAddrUnix* addr, uint len);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int listen(int fd, int backlog);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int accept4(int fd, void* addr, void* len, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int shutdown(int fd, int how);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint sendmsg(int fd, MessageHeader* msg, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint recvmsg(int fd, MessageHeader* msg, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int setsockopt(int fd, int level, int name, void* value, uint len);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int eventfd(uint initval, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int epoll_create1(int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int epoll_wait(int epfd, EpollEvent* events, int max, int timeoutMs);

    internal static int LastErrno => Marshal.GetLastPInvokeError();

    // struct msghdr (56 bytes on x86_64)
    [StructLayout(LayoutKind.Sequential)]
    internal struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    // struct iovec
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    // struct cmsghdr: the fd array follows at offset 16
    [StructLayout(LayoutKind.Sequential)]
    internal struct ControlMessageHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    // struct sockaddr_un: sun_family then a 108-byte path
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockAddrUnix
    {
        public ushort Family;
        public fixed byte Path[108];
    }

    // struct epoll_event is packed on x86_64: u32 events, u64 data
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    // struct stat (144 bytes on x86_64); only the fields we read are named
    [StructLayout(LayoutKind.Explicit, Size = 144)]
    internal struct StatBuffer
    {
        [FieldOffset(24)] public uint Mode;
        [FieldOffset(48)] public long Size;
    }
}
