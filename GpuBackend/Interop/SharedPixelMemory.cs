using VhostGpu.Rendering.Imaging;
using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Interop;

/// <summary>
/// Pixel storage in a sealed memfd mapped MAP_SHARED: the device keeps writing transfers into the
/// mapping while other processes hold descriptors for the same pages (<see cref="TryExport"/>).
/// The file is whole pages long (udmabuf needs that) and sealed against shrinking and growing, so
/// no holder can truncate it under our mapping (which would fault us), and against further seals;
/// writes stay allowed. The pages live until the last mapping and descriptor are gone.
/// </summary>
public sealed unsafe class SharedPixelMemory : PixelStorage
{
    public const int Seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;

    private readonly FileDescriptor _file;
    private readonly MemoryMapping _mapping;

    private SharedPixelMemory(FileDescriptor file, MemoryMapping mapping)
    {
        _file = file;
        _mapping = mapping;
    }

    public override nint Address => (nint)_mapping.GetPointer(0, _mapping.Length);

    public override long Length => (long)_mapping.Length;

    /// <summary>The memfd itself; stays owned by this storage.</summary>
    public FileDescriptor File => _file;

    /// <summary>
    /// A zeroed, sealed, mapped memfd of at least <paramref name="length"/> bytes; null with the
    /// errno when the host refuses (out of descriptors, mappings or memory).
    /// </summary>
    public static SharedPixelMemory? TryCreate(string name, long length, out int errno)
    {
        long pages = (length + Environment.SystemPageSize - 1) / Environment.SystemPageSize;
        long size = Math.Max(1, pages) * Environment.SystemPageSize;
        int fd = Libc.memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (fd < 0)
        {
            errno = Libc.LastErrno;
            return null;
        }
        var file = new FileDescriptor(fd);
        if (Libc.ftruncate(fd, size) != 0 || Libc.fcntl(fd, F_ADD_SEALS, Seals) != 0)
        {
            errno = Libc.LastErrno;
            file.Dispose();
            return null;
        }
        var mapping = MemoryMapping.TryMap(file, (ulong)size, out errno);
        if (mapping == null)
        {
            file.Dispose();
            return null;
        }
        return new SharedPixelMemory(file, mapping);
    }

    /// <summary>
    /// A new descriptor for another process, owned by the caller: a udmabuf over the pages where the
    /// kernel offers one (a real dma-buf), else a duplicate of the memfd. Null with the errno when
    /// the process is out of descriptors.
    /// </summary>
    public FileDescriptor? TryExport(out int errno)
    {
        var dmabuf = Udmabuf.TryCreate(_file, Length, out errno);
        if (dmabuf != null)
        {
            return dmabuf;
        }
        int fd = Libc.dup(_file.Value);
        if (fd < 0)
        {
            errno = Libc.LastErrno;
            return null;
        }
        errno = 0;
        return new FileDescriptor(fd);
    }

    public override void Dispose()
    {
        _mapping.Dispose();
        _file.Dispose();
    }
}
