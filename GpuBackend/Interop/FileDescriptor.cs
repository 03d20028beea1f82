using System.Runtime.InteropServices;
using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Interop;

/// <summary>
/// Owns one Linux file descriptor and closes it exactly once. Every fd that enters the process
/// (SCM_RIGHTS, eventfd, memfd, socket) is wrapped in one of these straight away.
/// </summary>
public sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd, bool ownsHandle = true) : base(-1, ownsHandle) => SetHandle(fd);

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The raw descriptor number; valid only while this object is alive and not disposed.</summary>
    public int Value => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Libc.close(Value) == 0;

    /// <summary>Size of the file behind the descriptor, or -1 with errno when fstat fails.</summary>
    public unsafe long GetFileSize()
    {
        Libc.StatBuffer st;
        return Libc.fstat(Value, &st) == 0 ? st.Size : -1;
    }

    /// <summary>A second, independently owned descriptor for the same open file.</summary>
    public FileDescriptor Duplicate()
    {
        int fd = Libc.dup(Value);
        if (fd < 0)
        {
            throw new NativeException("dup", Libc.LastErrno);
        }
        return new FileDescriptor(fd);
    }

    /// <summary>Anonymous shared memory (memfd) of the given size.</summary>
    public static FileDescriptor CreateMemory(string name, long size, bool allowSealing = false)
    {
        int fd = Libc.memfd_create(name, MFD_CLOEXEC | (allowSealing ? MFD_ALLOW_SEALING : 0));
        if (fd < 0)
        {
            throw new NativeException("memfd_create", Libc.LastErrno);
        }
        var result = new FileDescriptor(fd);
        if (Libc.ftruncate(fd, size) != 0)
        {
            int errno = Libc.LastErrno;
            result.Dispose();
            throw new NativeException("ftruncate", errno);
        }
        return result;
    }

    public void SetNonBlocking()
    {
        int flags = Libc.fcntl(Value, F_GETFL, 0);
        if (flags < 0 || Libc.fcntl(Value, F_SETFL, flags | O_NONBLOCK) < 0)
        {
            throw new NativeException("fcntl", Libc.LastErrno);
        }
    }

    public override string ToString() => IsClosed ? "fd(closed)" : $"fd {Value}";
}
