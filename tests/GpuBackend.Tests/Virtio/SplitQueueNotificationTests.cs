using VhostGpu.TestSupport.Guest;
using VhostGpu.Virtio;

namespace VhostGpu.Tests.Virtio;

public sealed class SplitQueueNotificationTests
{
    [Fact]
    public void WithoutEventIdxEveryUsedRingMoveInterrupts()
    {
        using var h = new QueueHarness();
        ulong w = h.Driver.AllocateBuffer(4);
        for (int i = 0; i < 3; i++)
        {
            h.Driver.Submit(GuestBuffer.Writable(w, 4));
            h.Queue.Push(h.PopOne(), 0);
            h.Queue.NotifyIfNeeded();
            Assert.Equal(1UL, h.TakeCalls());
        }
        h.Queue.NotifyIfNeeded();
        Assert.Equal(0UL, h.TakeCalls());
    }

    [Fact]
    public void NoInterruptFlagSuppressesInterrupts()
    {
        using var h = new QueueHarness();
        ulong w = h.Driver.AllocateBuffer(4);
        h.Driver.NoInterrupt = true;
        h.Driver.Submit(GuestBuffer.Writable(w, 4));
        h.Queue.Push(h.PopOne(), 0);
        h.Queue.NotifyIfNeeded();
        Assert.Equal(0UL, h.TakeCalls());

        h.Driver.NoInterrupt = false;
        h.Driver.Submit(GuestBuffer.Writable(w, 4));
        h.Queue.Push(h.PopOne(), 0);
        h.Queue.NotifyIfNeeded();
        Assert.Equal(1UL, h.TakeCalls());
    }

    [Fact]
    public void NotifyOnEmptyInterruptsDespiteNoInterruptOnceAllWorkIsDone()
    {
        using var h = new QueueHarness();
        h.Queue.NotifyOnEmpty = true;
        h.Driver.NoInterrupt = true;
        ulong w = h.Driver.AllocateBuffer(4);
        h.Driver.Submit(GuestBuffer.Writable(w, 4));
        h.Driver.Submit(GuestBuffer.Writable(w, 4));
        var first = h.PopOne();
        var second = h.PopOne();

        h.Queue.Push(first, 0);
        h.Queue.NotifyIfNeeded();
        Assert.Equal(0UL, h.TakeCalls());
        h.Queue.Push(second, 0);
        h.Queue.NotifyIfNeeded();
        Assert.Equal(1UL, h.TakeCalls());
    }

    [Fact]
    public void SeveralPushesShareOneInterrupt()
    {
        using var h = new QueueHarness(eventIdx: true);
        ulong w = h.Driver.AllocateBuffer(4);
        for (int i = 0; i < 4; i++)
        {
            h.Driver.Submit(GuestBuffer.Writable(w, 4));
        }
        for (int i = 0; i < 4; i++)
        {
            h.Queue.Push(h.PopOne(), 0);
        }
        h.Queue.NotifyIfNeeded();
        Assert.Equal(1UL, h.TakeCalls());
        Assert.Equal(4, h.Driver.UsedIndex);
    }

    [Fact]
    public void EventIdxInterruptsExactlyWhenTheUsedIndexPassesUsedEvent()
    {
        using var h = new QueueHarness(size: 8, startIndex: 65500, eventIdx: true);
        ulong w = h.Driver.AllocateBuffer(4);
        var random = new Random(1234);
        bool first = true;
        ushort signalled = 65500;
        for (int round = 0; round < 200; round++)
        {
            int batch = random.Next(1, 5);
            for (int i = 0; i < batch; i++)
            {
                h.Driver.Submit(GuestBuffer.Writable(w, 4));
            }
            ushort usedEvent = (ushort)(signalled + random.Next(-2, 6));
            h.Driver.UsedEvent = usedEvent;
            for (int i = 0; i < batch; i++)
            {
                h.Queue.Push(h.PopOne(), 0);
            }
            ushort now = h.Driver.UsedIndex;
            h.Queue.NotifyIfNeeded();

            bool expected = first || EventIndex.NeedEvent(usedEvent, now, signalled);
            Assert.Equal(expected ? 1UL : 0UL, h.TakeCalls());
            first = false;
            signalled = now;
            while (h.Driver.TryTakeUsed(out _))
            {
            }
        }
    }

    [Fact]
    public void EventIdxIgnoresNoInterrupt()
    {
        using var h = new QueueHarness(eventIdx: true);
        ulong w = h.Driver.AllocateBuffer(4);
        h.Driver.NoInterrupt = true;
        h.Driver.Submit(GuestBuffer.Writable(w, 4));
        h.Queue.Push(h.PopOne(), 0);
        h.Queue.NotifyIfNeeded();
        Assert.Equal(1UL, h.TakeCalls());

        h.Driver.UsedEvent = 1;
        h.Driver.Submit(GuestBuffer.Writable(w, 4));
        h.Queue.Push(h.PopOne(), 0);
        h.Queue.NotifyIfNeeded();
        Assert.Equal(1UL, h.TakeCalls());
    }

    [Fact]
    public void AvailEventTracksPoppedChainsSoTheDriverKicksOnlyWhenNeeded()
    {
        using var h = new QueueHarness(eventIdx: true);
        ulong w = h.Driver.AllocateBuffer(4);
        Assert.False(h.Queue.TryPop(out _));
        Assert.Equal(0, h.Driver.AvailEvent);

        Assert.True(h.Driver.MakeAvailable(h.Driver.AddDirect(GuestBuffer.Writable(w, 4))));
        Assert.False(h.Driver.MakeAvailable(h.Driver.AddDirect(GuestBuffer.Writable(w, 4))));
        h.PopOne();
        Assert.Equal(1, h.Driver.AvailEvent);
        h.PopOne();
        Assert.Equal(2, h.Driver.AvailEvent);
        Assert.True(h.Driver.MakeAvailable(h.Driver.AddDirect(GuestBuffer.Writable(w, 4))));
    }

    [Fact]
    public void EmptyPopPublishesAvailEventForTheNextKick()
    {
        using var h = new QueueHarness(startIndex: 40, eventIdx: true);
        Assert.Equal(0, h.Driver.AvailEvent);

        Assert.False(h.Queue.TryPop(out _));

        Assert.Equal(40, h.Driver.AvailEvent);
        Assert.True(h.Driver.MakeAvailable(h.Driver.AddDirect(GuestBuffer.Writable(h.Driver.AllocateBuffer(4), 4))));
    }

    [Fact]
    public void RequestProcessingWakesTheWorker()
    {
        using var h = new QueueHarness();
        h.Queue.RequestProcessing();
        Assert.Equal(1UL, h.Signals.Wake.Consume());
    }
}
