using VhostGpu.Interop;
using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Tests.SharedObjects;

public sealed class SharedPixelMemoryTests
{
    [Fact]
    public void MemoryIsWholePagesZeroedAndSealedAgainstResizing()
    {
        using var memory = SharedPixelMemory.TryCreate("pixels", 4 * 100 * 3, out int errno);
        Assert.NotNull(memory);
        Assert.Equal(0, errno);

        Assert.Equal(Environment.SystemPageSize, memory.Length);
        Assert.Equal(memory.Length, memory.File.GetFileSize());
        Assert.Equal(SharedPixelMemory.Seals, Libc.fcntl(memory.File.Value, F_GET_SEALS, 0));
        Assert.Equal(-1, Bytes(memory).IndexOfAnyExcept((byte)0));
    }

    [Fact]
    public void ExportedDescriptorSeesTheSamePagesBothWays()
    {
        using var memory = SharedPixelMemory.TryCreate("pixels", 3 * 4096 + 1, out _)!;
        using var exported = memory.TryExport(out int errno);
        Assert.NotNull(exported);
        Assert.Equal(0, errno);
        Assert.NotEqual(memory.File.Value, exported.Value);
        using var holder = MemoryMapping.TryMap(exported, (ulong)memory.Length, out _)!;

        Bytes(memory)[4096 * 3] = 0x5a;
        holder.GetSpan(17, 1)[0] = 0xa5;

        Assert.Equal(0x5a, holder.GetSpan(4096 * 3, 1)[0]);
        Assert.Equal(0xa5, Bytes(memory)[17]);
    }

    [Fact]
    public void HolderCannotResizeTheFileUnderOurMapping()
    {
        using var memory = SharedPixelMemory.TryCreate("pixels", 8192, out _)!;
        using var exported = memory.TryExport(out _)!;

        Assert.NotEqual(0, Libc.ftruncate(exported.Value, 4096));
        Assert.Equal(1, Libc.LastErrno); // EPERM: F_SEAL_SHRINK
        Assert.NotEqual(0, Libc.ftruncate(exported.Value, 1 << 20));
        Assert.NotEqual(0, Libc.fcntl(exported.Value, F_ADD_SEALS, F_SEAL_WRITE));
        Assert.Equal(8192, memory.File.GetFileSize());
    }

    [Fact]
    public void PagesOutliveTheStorageForAHolder()
    {
        FileDescriptor exported;
        using (var memory = SharedPixelMemory.TryCreate("pixels", 4096, out _)!)
        {
            "kept"u8.CopyTo(Bytes(memory));
            exported = memory.TryExport(out _)!;
        }
        using (exported)
        {
            using var holder = MemoryMapping.TryMap(exported, 4096, out _)!;
            Assert.Equal("kept"u8.ToArray(), holder.GetSpan(0, 4).ToArray());
        }
    }

    [Fact]
    public void UdmabufIsCreatedExactlyWhereTheKernelHasTheDevice()
    {
        using var memory = SharedPixelMemory.TryCreate("pixels", 4096, out _)!;
        using var dmabuf = Udmabuf.TryCreate(memory.File, memory.Length, out int errno);

        if (File.Exists(Udmabuf.DevicePath))
        {
            Assert.NotNull(dmabuf);
            using var holder = MemoryMapping.TryMap(dmabuf, 4096, out _)!;
            Bytes(memory)[5] = 7;
            Assert.Equal(7, holder.GetSpan(5, 1)[0]);
        }
        else
        {
            Assert.Null(dmabuf);
            Assert.Equal(ENOENT, errno);
        }
    }

    private static unsafe Span<byte> Bytes(SharedPixelMemory memory) => new((void*)memory.Address, (int)memory.Length);
}
