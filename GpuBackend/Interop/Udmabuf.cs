using System.Runtime.InteropServices;
using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Interop;

/// <summary>
/// /dev/udmabuf (Linux CONFIG_UDMABUF): wraps a range of a memfd in a real dma-buf over the same
/// pages, without copying. The memfd must carry F_SEAL_SHRINK and not F_SEAL_WRITE, and offset
/// and size must be whole pages. Kernels without the option have no device node.
/// </summary>
public static unsafe class Udmabuf
{
    public const string DevicePath = "/dev/udmabuf";

    // _IOW('u', 0x42, struct udmabuf_create): dir 1 << 30 | size 24 << 16 | 'u' << 8 | 0x42
    private const ulong UDMABUF_CREATE = 0x4018_7542;
    private const uint UDMABUF_FLAGS_CLOEXEC = 0x01;

    /// <summary>
    /// A dma-buf over [0, <paramref name="length"/>) of <paramref name="memfd"/>; null with the errno
    /// when the kernel refuses, ENOENT when this kernel has no udmabuf device.
    /// </summary>
    public static FileDescriptor? TryCreate(FileDescriptor memfd, long length, out int errno)
    {
        int device = Libc.open(DevicePath, O_RDWR | O_CLOEXEC);
        if (device < 0)
        {
            errno = Libc.LastErrno;
            return null;
        }
        using var deviceFd = new FileDescriptor(device);
        var request = new CreateRequest { MemFd = (uint)memfd.Value, Flags = UDMABUF_FLAGS_CLOEXEC, Offset = 0, Size = (ulong)length };
        int fd = Libc.ioctl(device, UDMABUF_CREATE, &request);
        if (fd < 0)
        {
            errno = Libc.LastErrno;
            return null;
        }
        errno = 0;
        return new FileDescriptor(fd);
    }

    // struct udmabuf_create (24 bytes): u32 memfd; u32 flags; u64 offset; u64 size
    [StructLayout(LayoutKind.Sequential)]
    private struct CreateRequest
    {
        public uint MemFd;
        public uint Flags;
        public ulong Offset;
        public ulong Size;
    }
}
