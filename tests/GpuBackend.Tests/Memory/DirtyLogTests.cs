using VhostGpu.Interop;
using VhostGpu.Memory;
using VhostGpu.TestSupport.Guest;

namespace VhostGpu.Tests.Memory;

public sealed class DirtyLogTests
{
    [Fact]
    public void EveryPageAWriteTouchesIsMarkedAndNoOther()
    {
        // Guest RAM at GPA 1 MiB: pages 256..271; a 64-byte log covers pages 0..511.
        using var ram = new GuestRam(64 << 10, guestPhysicalAddress: 1 << 20);
        using var map = ram.CreateMap();
        using var logFd = FileDescriptor.CreateMemory("log", 64);
        map.DirtyLog = DirtyLog.TryMap(logFd, 64, 0, out string? error);
        Assert.Null(error);

        ulong straddlingPages = (1 << 20) + 0x1ffe;
        Assert.True(map.TryWrite(straddlingPages, "abcd"u8));
        Assert.True(map.TryWriteUInt16Release((1 << 20) + 0x5000, 7));
        Assert.False(map.TryWrite((1 << 20) + (64 << 10) - 2, "abcd"u8));
        map.DirtyLog!.Dispose();

        Assert.Equal([257UL, 258UL, 261UL], DirtyPages(logFd, 64));
    }

    [Fact]
    public void LogHonoursItsOffsetAndIgnoresPagesBeyondIt()
    {
        using var logFd = FileDescriptor.CreateMemory("log", 4096 + 8);
        using (var log = DirtyLog.TryMap(logFd, 8, 4096, out string? error))
        {
            Assert.NotNull(log);
            log.MarkDirty(0, 1);
            log.MarkDirty(63 << DirtyLog.PageShift, 4096);
            log.MarkDirty(64 << DirtyLog.PageShift, 4096);
            log.MarkDirty(1 << 30, 4096);
        }

        using var view = MemoryMapping.TryMap(logFd, 4096 + 8, out _)!;
        Assert.All(view.GetSpan(0, 4096).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal([0, 63], Pages(view.GetSpan(4096, 8)));
    }

    [Fact]
    public void UnalignedLogEndIsSetBytewise()
    {
        using var logFd = FileDescriptor.CreateMemory("log", 7);
        using (var log = DirtyLog.TryMap(logFd, 6, 1, out _)!)
        {
            log.MarkDirty(0, (ulong)48 << DirtyLog.PageShift);
        }

        using var view = MemoryMapping.TryMap(logFd, 7, out _)!;
        Assert.Equal([0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], view.GetSpan(0, 7).ToArray());
    }

    [Fact]
    public void UnusableLogSizesAreRefused()
    {
        using var logFd = FileDescriptor.CreateMemory("log", 64);

        Assert.Null(DirtyLog.TryMap(logFd, 0, 0, out string? error));
        Assert.NotNull(error);
        Assert.Null(DirtyLog.TryMap(logFd, 16, ulong.MaxValue - 8, out error));
        Assert.NotNull(error);
    }

    private static ulong[] DirtyPages(FileDescriptor logFd, int size)
    {
        using var view = MemoryMapping.TryMap(logFd, (ulong)size, out _)!;
        return Pages(view.GetSpan(0, size)).Select(p => (ulong)p).ToArray();
    }

    private static int[] Pages(ReadOnlySpan<byte> bits)
    {
        var pages = new List<int>();
        for (int i = 0; i < bits.Length * 8; i++)
        {
            if ((bits[i >> 3] & (1 << (i & 7))) != 0)
            {
                pages.Add(i);
            }
        }
        return [.. pages];
    }
}
