using VhostGpu.TestSupport.Guest;
using VhostGpu.Virtio;

namespace VhostGpu.Tests.Virtio;

/// <summary>Resubmission after a reconnect: chains taken by head, the avail entries they came from skipped.</summary>
public sealed class SplitQueueInflightTests
{
    [Fact]
    public void An_inflight_chain_is_walked_by_head_and_avail_continues_after_the_taken_entries()
    {
        using var h = new QueueHarness();
        ulong a = h.Driver.AllocateBuffer(16), b = h.Driver.AllocateBuffer(32), c = h.Driver.AllocateBuffer(8);
        ushort first = h.Driver.Submit(GuestBuffer.Readable(a, 16));
        ushort second = h.Driver.Submit(GuestBuffer.Readable(b, 8), GuestBuffer.Writable(b + 8, 24));
        ushort fresh = h.Driver.Submit(GuestBuffer.Writable(c, 8));

        // The previous back-end took the first two entries and completed neither.
        h.Queue.SkipTakenEntries(2);
        Assert.Equal(2, h.Queue.NextAvailIndex);
        Assert.True(h.Queue.TryTakeInflight(second, out var resubmitted), h.Queue.BrokenReason);

        Assert.True(resubmitted.Resubmitted);
        Assert.Equal(second, resubmitted.Head);
        Assert.Equal([new BufferSegment(b, 8)], resubmitted.Readable);
        Assert.Equal([new BufferSegment(b + 8, 24)], resubmitted.Writable);
        Assert.Equal(2, h.Queue.NextAvailIndex);
        var next = h.PopOne();
        Assert.Equal(fresh, next.Head);
        Assert.False(next.Resubmitted);
        Assert.False(h.Queue.TryPop(out _));

        Assert.True(h.Queue.TryTakeInflight(first, out var older), h.Queue.BrokenReason);
        h.Queue.Push(resubmitted, 24);
        h.Queue.Push(next, 8);
        h.Queue.Push(older, 0);
        var used = new List<UsedElement>();
        while (h.Driver.TryTakeUsed(out var element))
        {
            used.Add(element);
        }
        Assert.Equal([new UsedElement(second, 24), new UsedElement(fresh, 8), new UsedElement(first, 0)], used);
        Assert.False(h.Queue.IsBroken);
    }

    [Fact]
    public void Giving_back_a_resubmitted_chain_leaves_the_avail_position_alone()
    {
        using var h = new QueueHarness();
        ulong a = h.Driver.AllocateBuffer(16);
        ushort taken = h.Driver.Submit(GuestBuffer.Readable(a, 16));
        ushort fresh = h.Driver.Submit(GuestBuffer.Readable(a, 8));
        h.Queue.SkipTakenEntries(1);
        var popped = h.PopOne();
        Assert.True(h.Queue.TryTakeInflight(taken, out var resubmitted));

        h.Queue.Unpop(resubmitted);

        Assert.Equal(2, h.Queue.NextAvailIndex);
        h.Queue.Unpop(popped);
        Assert.Equal(1, h.Queue.NextAvailIndex);
        Assert.Equal(fresh, h.PopOne().Head);
    }

    [Fact]
    public void A_head_beyond_the_ring_breaks_the_queue()
    {
        using var h = new QueueHarness(size: 8);

        Assert.False(h.Queue.TryTakeInflight(8, out _));

        Assert.Contains("inflight head 8", h.Queue.BrokenReason);
        Assert.Equal(1UL, h.Signals.Error.Consume());
    }

    [Fact]
    public void A_malformed_inflight_chain_breaks_the_queue()
    {
        using var h = new QueueHarness(size: 8);
        ulong a = h.Driver.AllocateBuffer(16);
        h.Driver.WriteDescriptor(3, new Descriptor(a, 16, DescriptorFlags.Next, 4));
        h.Driver.WriteDescriptor(4, new Descriptor(a, 16, DescriptorFlags.Next, 3));

        Assert.False(h.Queue.TryTakeInflight(3, out _));

        Assert.Contains("loop", h.Queue.BrokenReason);
        Assert.False(h.Queue.TryPop(out _));
    }
}
