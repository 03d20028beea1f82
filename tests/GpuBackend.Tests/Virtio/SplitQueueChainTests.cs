using System.Text;
using VhostGpu.Memory;
using VhostGpu.TestSupport.Guest;
using VhostGpu.Virtio;

namespace VhostGpu.Tests.Virtio;

public sealed class SplitQueueChainTests
{
    [Fact]
    public void DirectChainIsReadAndAnsweredThroughTheUsedRing()
    {
        using var h = new QueueHarness();
        byte[] request = Encoding.ASCII.GetBytes("hello, device: split across two buffers");
        ulong r1 = h.Driver.AllocateBuffer(10, request.AsSpan(0, 10));
        ulong r2 = h.Driver.AllocateBuffer(request.Length - 10, request.AsSpan(10));
        ulong w1 = h.Driver.AllocateBuffer(4);
        ulong w2 = h.Driver.AllocateBuffer(64);
        ushort head = h.Driver.Submit(
            GuestBuffer.Readable(r1, 10), GuestBuffer.Readable(r2, (uint)(request.Length - 10)),
            GuestBuffer.Writable(w1, 4), GuestBuffer.Writable(w2, 64));

        var chain = h.PopOne();
        Assert.Equal(head, chain.Head);
        Assert.Equal((ulong)request.Length, chain.ReadableLength);
        Assert.Equal(68UL, chain.WritableLength);
        Assert.Equal([new BufferSegment(r1, 10), new BufferSegment(r2, (uint)(request.Length - 10))], chain.Readable);

        var reader = new ChainReader(h.Queue.Memory, chain);
        byte[] got = new byte[100];
        Assert.Equal(request.Length, reader.Read(got));
        Assert.Equal(request, got[..request.Length]);
        var writer = new ChainWriter(h.Queue.Memory, chain);
        writer.Write("response"u8);
        h.Queue.Push(chain, writer.Written);
        h.Queue.NotifyIfNeeded();

        Assert.True(h.Driver.TryTakeUsed(out var used));
        Assert.Equal(new UsedElement(head, 8), used);
        Assert.Equal("resp"u8.ToArray(), h.Ram.Bytes(w1, 4).ToArray());
        Assert.Equal("onse"u8.ToArray(), h.Ram.Bytes(w2, 4).ToArray());
        Assert.Equal(1UL, h.TakeCalls());
        Assert.False(h.Queue.TryPop(out _));
        Assert.False(h.Queue.IsBroken);
    }

    [Fact]
    public void IndirectChainIsWalkedFromTheTable()
    {
        using var h = new QueueHarness();
        ulong r = h.Driver.AllocateBuffer(24);
        ulong w = h.Driver.AllocateBuffer(32);
        ushort head = h.Driver.AddIndirect(GuestBuffer.Readable(r, 24), GuestBuffer.Writable(w, 32));
        h.Driver.MakeAvailable(head);

        var chain = h.PopOne();
        Assert.Equal(head, chain.Head);
        Assert.Equal([new BufferSegment(r, 24)], chain.Readable);
        Assert.Equal([new BufferSegment(w, 32)], chain.Writable);
    }

    [Fact]
    public void DirectDescriptorsFollowedByAnIndirectOneFormOneChain()
    {
        using var h = new QueueHarness();
        ulong r1 = h.Driver.AllocateBuffer(24);
        ulong r2 = h.Driver.AllocateBuffer(8);
        ulong w = h.Driver.AllocateBuffer(16);
        ushort head = h.Driver.AddMixed([GuestBuffer.Readable(r1, 24)], [GuestBuffer.Readable(r2, 8), GuestBuffer.Writable(w, 16)]);
        h.Driver.MakeAvailable(head);

        var chain = h.PopOne();
        Assert.Equal([new BufferSegment(r1, 24), new BufferSegment(r2, 8)], chain.Readable);
        Assert.Equal([new BufferSegment(w, 16)], chain.Writable);
    }

    [Fact]
    public void IndirectTableOfManyEntriesIsAccepted()
    {
        using var h = new QueueHarness(ramSize: 4 << 20);
        var buffers = Enumerable.Range(0, 300).Select(_ => GuestBuffer.Readable(h.Driver.AllocateBuffer(4), 4)).ToArray();
        h.Driver.MakeAvailable(h.Driver.AddIndirect(buffers));

        var chain = h.PopOne();
        Assert.Equal(300, chain.Readable.Count);
        Assert.Equal(1200UL, chain.ReadableLength);
    }

    [Fact]
    public void ZeroLengthDescriptorsAreSkipped()
    {
        using var h = new QueueHarness();
        ulong r = h.Driver.AllocateBuffer(24);
        ulong w = h.Driver.AllocateBuffer(16);
        h.Driver.Submit(GuestBuffer.Readable(r, 24), GuestBuffer.Writable(w, 0), GuestBuffer.Readable(r, 0), GuestBuffer.Writable(w, 16));

        var chain = h.PopOne();
        Assert.Equal([new BufferSegment(r, 24)], chain.Readable);
        Assert.Equal([new BufferSegment(w, 16)], chain.Writable);
        Assert.False(h.Queue.IsBroken);
    }

    [Fact]
    public void ChainOfEveryDescriptorInTheTableIsAccepted()
    {
        using var h = new QueueHarness(size: 16);
        ulong r = h.Driver.AllocateBuffer(16);
        h.Driver.Submit(Enumerable.Repeat(GuestBuffer.Readable(r, 16), 16).ToArray());

        Assert.Equal(16, h.PopOne().Readable.Count);
    }

    [Fact]
    public void BufferStraddlingTwoAdjacentRegionsIsAccepted()
    {
        using var ram = new GuestRam(1 << 20);
        using var next = new GuestRam(1 << 20, ram.GuestPhysicalAddress + ram.Size, ram.UserAddress + ram.Size);
        using var map = ram.CreateMap();
        Assert.True(map.TryAdd(MemoryRegion.TryMap(next.Descriptor, next.Fd, out _)!, out _));
        using var signals = new EventFdQueueSignals();
        var driver = new DriverQueue(ram, 8);
        var queue = SplitQueue.TryCreate(0, driver.Layout, 0, false, map, signals, out _)!;
        ulong straddling = next.GuestPhysicalAddress - 6;
        "abcdef"u8.CopyTo(ram.Bytes(straddling, 6));
        "ghij"u8.CopyTo(next.Bytes(next.GuestPhysicalAddress, 4));
        driver.Submit(GuestBuffer.Readable(straddling, 10));

        Assert.True(queue.TryPop(out var chain));
        var reader = new ChainReader(map, chain);
        byte[] got = new byte[10];
        Assert.Equal(10, reader.Read(got));
        Assert.Equal("abcdefghij"u8.ToArray(), got);
    }

    [Fact]
    public void IndicesWrapAroundSixteenBits()
    {
        using var h = new QueueHarness(size: 4, startIndex: 65530);
        ulong w = h.Driver.AllocateBuffer(4);
        for (int i = 0; i < 20; i++)
        {
            ushort head = h.Driver.Submit(GuestBuffer.Writable(w, 4));
            var chain = h.PopOne();
            Assert.Equal(head, chain.Head);
            h.Queue.Push(chain, (uint)(i % 5));
            Assert.True(h.Driver.TryTakeUsed(out var used));
            Assert.Equal(new UsedElement(head, (uint)(i % 5)), used);
        }
        Assert.Equal(unchecked((ushort)(65530 + 20)), h.Queue.NextAvailIndex);
        Assert.Equal(unchecked((ushort)(65530 + 20)), h.Driver.UsedIndex);
        Assert.False(h.Queue.IsBroken);
    }

    [Fact]
    public void FullRingIsPoppedInOrderAndAnsweredOutOfOrder()
    {
        using var h = new QueueHarness(size: 8);
        ulong w = h.Driver.AllocateBuffer(4);
        var heads = Enumerable.Range(0, 8).Select(_ => h.Driver.Submit(GuestBuffer.Writable(w, 4))).ToArray();

        var chains = Enumerable.Range(0, 8).Select(_ => h.PopOne()).ToArray();
        Assert.Equal(heads, chains.Select(c => c.Head));
        Assert.False(h.Queue.TryPop(out _));
        foreach (var chain in chains.Reverse())
        {
            h.Queue.Push(chain, 0);
        }
        var used = new List<uint>();
        while (h.Driver.TryTakeUsed(out var e))
        {
            used.Add(e.Id);
        }
        Assert.Equal(heads.Reverse().Select(x => (uint)x), used);
        Assert.Equal(8, h.Driver.FreeDescriptors);
    }

    [Fact]
    public void UsedIndexIsTakenFromTheRingAtCreation()
    {
        using var ram = new GuestRam(1 << 20);
        using var map = ram.CreateMap();
        using var signals = new EventFdQueueSignals();
        var driver = new DriverQueue(ram, 8, startIndex: 300);
        var queue = SplitQueue.TryCreate(0, driver.Layout, 300, false, map, signals, out _)!;
        ushort head = driver.Submit(GuestBuffer.Writable(driver.AllocateBuffer(4), 4));

        Assert.True(queue.TryPop(out var chain));
        queue.Push(chain, 4);
        Assert.Equal(301, driver.UsedIndex);
        Assert.True(driver.TryTakeUsed(out var used));
        Assert.Equal(new UsedElement(head, 4), used);
    }

    [Fact]
    public void IndirectTableIsCopiedBeforeUse()
    {
        using var h = new QueueHarness();
        ulong r = h.Driver.AllocateBuffer(24);
        ulong w = h.Driver.AllocateBuffer(16);
        ushort head = h.Driver.AddIndirect(GuestBuffer.Readable(r, 24), GuestBuffer.Writable(w, 16));
        h.Driver.MakeAvailable(head);
        var chain = h.PopOne();

        var table = h.Ram.Bytes(Descriptor.Read(h.Ram.Bytes(h.Driver.Layout.DescriptorAddress(head), Descriptor.Size)).Address, 32);
        new Descriptor(0xdead_0000, 1, DescriptorFlags.None, 0).Write(table);

        Assert.Equal([new BufferSegment(r, 24)], chain.Readable);
    }

    [Fact]
    public void PushOfAForeignChainIsABug()
    {
        using var a = new QueueHarness();
        using var b = new QueueHarness();
        a.Driver.Submit(GuestBuffer.Writable(a.Driver.AllocateBuffer(4), 4));
        var chain = a.PopOne();

        Assert.Throws<InvalidOperationException>(() => b.Queue.Push(chain, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Queue.Push(chain, 5));
        a.Queue.Push(chain, 4);
        Assert.Throws<InvalidOperationException>(() => a.Queue.Push(chain, 4));
    }

    [Fact]
    public void UsedRingWritesAreDirtyLogged()
    {
        using var h = new QueueHarness();
        // One bit per 4 KiB page from GPA 0 up to the end of the harness RAM.
        const int logSize = 256 << 10;
        using var logFd = VhostGpu.Interop.FileDescriptor.CreateMemory("log", logSize);
        h.Map.DirtyLog = DirtyLog.TryMap(logFd, logSize, 0, out _);
        ulong w = h.Driver.AllocateBuffer(4);
        h.Driver.Submit(GuestBuffer.Writable(w, 4));
        var chain = h.PopOne();
        var writer = new ChainWriter(h.Queue.Memory, chain);
        writer.Write("abcd"u8);
        h.Queue.Push(chain, writer.Written);
        h.Map.DirtyLog!.Dispose();

        using var view = VhostGpu.Interop.MemoryMapping.TryMap(logFd, logSize, out _)!;
        var bits = view.GetSpan(0, logSize);
        foreach (ulong gpa in new[] { w, h.Driver.Layout.UsedEntryAddress(0), h.Driver.Layout.UsedIndexAddress })
        {
            ulong page = gpa >> DirtyLog.PageShift;
            Assert.True((bits[(int)(page >> 3)] & (1 << (int)(page & 7))) != 0, $"page of 0x{gpa:x} not dirty");
        }
    }
}
