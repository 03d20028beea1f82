using VhostGpu.TestSupport.Guest;
using VhostGpu.Virtio;

namespace VhostGpu.Tests.Virtio;

public sealed class SplitQueueLifecycleTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(100)]
    [InlineData(32769)]
    public void SizeThatIsNotAPowerOfTwoUpTo32768IsRefused(int size)
    {
        using var ram = new GuestRam(1 << 20);
        using var map = ram.CreateMap();
        using var signals = new EventFdQueueSignals();
        ulong at = ram.Allocate(64 << 10, 4096);
        var layout = new SplitQueueLayout((ushort)size, at, at + 0x8000, at + 0xa000);

        Assert.Null(SplitQueue.TryCreate(0, layout, 0, false, map, signals, out string? error));
        Assert.Contains("power of two", error);
    }

    [Fact]
    public void LargestQueueSizeIsAccepted()
    {
        using var ram = new GuestRam(16 << 20);
        using var map = ram.CreateMap();
        using var signals = new EventFdQueueSignals();
        var driver = new DriverQueue(ram, 32768);

        Assert.NotNull(SplitQueue.TryCreate(0, driver.Layout, 0, true, map, signals, out _));
    }

    [Theory]
    [InlineData(8, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 2)]
    public void MisalignedRingPartsAreRefused(int descShift, int availShift, int usedShift)
    {
        using var ram = new GuestRam(1 << 20);
        using var map = ram.CreateMap();
        using var signals = new EventFdQueueSignals();
        var good = new DriverQueue(ram, 8).Layout;
        var layout = good with
        {
            DescriptorTable = good.DescriptorTable + (ulong)descShift,
            AvailRing = good.AvailRing + (ulong)availShift,
            UsedRing = good.UsedRing + (ulong)usedShift,
        };

        Assert.Null(SplitQueue.TryCreate(0, layout, 0, false, map, signals, out string? error));
        Assert.Contains("misaligned", error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void RingPartReachingOutOfGuestMemoryIsRefused(int part)
    {
        using var ram = new GuestRam(1 << 20);
        using var map = ram.CreateMap();
        using var signals = new EventFdQueueSignals();
        var good = new DriverQueue(ram, 8).Layout;
        // Starts inside the RAM, ends 16 bytes past it: a start-only check would accept it.
        ulong nearEnd = ram.GuestPhysicalAddress + ram.Size - 16;
        var layout = part switch
        {
            0 => good with { DescriptorTable = nearEnd },
            1 => good with { AvailRing = nearEnd },
            _ => good with { UsedRing = nearEnd },
        };

        Assert.Null(SplitQueue.TryCreate(0, layout, 0, false, map, signals, out string? error));
        Assert.Contains("not wholly in guest memory", error);
    }

    [Fact]
    public void UnpopGivesTheChainBackToBePoppedAgain()
    {
        using var h = new QueueHarness();
        ulong w = h.Driver.AllocateBuffer(4);
        ushort first = h.Driver.Submit(GuestBuffer.Writable(w, 4));
        ushort second = h.Driver.Submit(GuestBuffer.Writable(w, 4));
        var a = h.PopOne();
        var b = h.PopOne();
        Assert.Equal(2, h.Queue.NextAvailIndex);

        Assert.Throws<InvalidOperationException>(() => h.Queue.Unpop(a));
        h.Queue.Unpop(b);
        Assert.Equal(1, h.Queue.NextAvailIndex);
        h.Queue.Unpop(a);
        Assert.Equal(0, h.Queue.NextAvailIndex);

        Assert.Equal(first, h.PopOne().Head);
        Assert.Equal(second, h.PopOne().Head);
        Assert.False(h.Queue.TryPop(out _));
    }

    [Fact]
    public void ResumingFromNextAvailIndexContinuesWhereTheOldQueueStopped()
    {
        using var h = new QueueHarness();
        ulong w = h.Driver.AllocateBuffer(4);
        h.Driver.Submit(GuestBuffer.Writable(w, 4));
        ushort pending = h.Driver.Submit(GuestBuffer.Writable(w, 4));
        h.Queue.Push(h.PopOne(), 0);
        h.Queue.Unpop(h.PopOne());

        var resumed = SplitQueue.TryCreate(0, h.Driver.Layout, h.Queue.NextAvailIndex, false, h.Map, h.Signals, out _)!;

        Assert.True(resumed.TryPop(out var chain));
        Assert.Equal(pending, chain.Head);
        resumed.Push(chain, 0);
        Assert.Equal(2, h.Driver.UsedIndex);
    }

    [Fact]
    public void RelocateMovesToTheSameRingAtItsNewAddresses()
    {
        using var h = new QueueHarness();
        ulong w = h.Driver.AllocateBuffer(4);
        h.Driver.Submit(GuestBuffer.Writable(w, 4));

        Assert.False(h.Queue.Relocate(h.Driver.Layout with { Size = 16 }, out string? error));
        Assert.Contains("resize", error);
        Assert.False(h.Queue.Relocate(h.Driver.Layout with { UsedRing = 0x10 }, out error));
        Assert.NotNull(error);
        Assert.True(h.Queue.Relocate(h.Driver.Layout, out error));
        Assert.Null(error);

        h.Queue.Push(h.PopOne(), 0);
        Assert.Equal(1, h.Driver.UsedIndex);
    }
}
