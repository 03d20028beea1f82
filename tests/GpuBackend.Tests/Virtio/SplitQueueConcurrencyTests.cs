using System.Buffers.Binary;
using VhostGpu.Interop;
using VhostGpu.TestSupport.Guest;
using VhostGpu.Virtio;

namespace VhostGpu.Tests.Virtio;

public sealed class SplitQueueConcurrencyTests
{
    private const int WaitMs = 5000;

    /// <summary>
    /// Driver and device on two threads, both sleeping on eventfds and waking each other only when
    /// EVENT_IDX says so: a lost kick or interrupt shows up as a wait that times out.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DriverAndDeviceOnTwoThreadsLoseNoKickAndNoInterrupt(bool eventIdx)
    {
        const int total = 20000;
        using var h = new QueueHarness(size: 16, startIndex: 65000, eventIdx: eventIdx);
        using var kick = EventFd.Create();
        ulong buffers = h.Driver.AllocateBuffer(16 * 8);
        using var stop = new CancellationTokenSource();
        string? deviceFailure = null;
        var device = new Thread(() => deviceFailure = RunDevice(h.Queue, kick, stop.Token));
        device.Start();

        int submitted = 0, completed = 0;
        try
        {
            while (completed < total)
            {
                while (submitted < total && h.Driver.FreeDescriptors > 0)
                {
                    ushort head = h.Driver.AddDirect(GuestBuffer.Writable(buffers + ((ulong)(submitted % 16) * 8), 8));
                    if (h.Driver.MakeAvailable(head))
                    {
                        kick.Signal();
                    }
                    submitted++;
                }
                bool took = false;
                while (h.Driver.TryTakeUsed(out var used))
                {
                    Assert.Equal(8U, used.Length);
                    completed++;
                    took = true;
                }
                if (!took && !h.Driver.EnableInterrupt())
                {
                    Assert.True(h.Signals.Call.Wait(WaitMs) > 0, $"no interrupt after {completed} of {total} completions");
                }
            }
        }
        finally
        {
            stop.Cancel();
            kick.Signal();
            device.Join();
        }
        Assert.Null(deviceFailure);
        Assert.False(h.Queue.IsBroken);
        Assert.Equal(unchecked((ushort)(65000 + total)), h.Queue.NextAvailIndex);
    }

    [Fact]
    public void PopPushAndNotifyAllocateNothingOnceWarm()
    {
        using var h = new QueueHarness(size: 16, eventIdx: true);
        ulong r = h.Driver.AllocateBuffer(64);
        ulong w = h.Driver.AllocateBuffer(64);
        long allocated = 0;
        for (int i = 0; i < 2000; i++)
        {
            h.Driver.MakeAvailable(h.Driver.AddMixed([GuestBuffer.Readable(r, 24)], [GuestBuffer.Readable(r + 24, 40), GuestBuffer.Writable(w, 64)]));
            h.Driver.MakeAvailable(h.Driver.AddDirect(GuestBuffer.Readable(r, 64), GuestBuffer.Writable(w, 64)));
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.True(h.Queue.TryPop(out var first));
            Assert.True(h.Queue.TryPop(out var second));
            Assert.False(h.Queue.TryPop(out _));
            h.Queue.Push(first, 0);
            h.Queue.Push(second, 0);
            h.Queue.NotifyIfNeeded();
            long delta = GC.GetAllocatedBytesForCurrentThread() - before;
            if (i >= 10)
            {
                allocated += delta;
            }
            while (h.Driver.TryTakeUsed(out _))
            {
            }
            h.TakeCalls();
        }
        Assert.Equal(0, allocated);
    }

    private static string? RunDevice(SplitQueue queue, EventFd kick, CancellationToken stop)
    {
        Span<byte> response = stackalloc byte[8];
        long served = 0;
        while (!stop.IsCancellationRequested)
        {
            while (queue.TryPop(out var chain))
            {
                BinaryPrimitives.WriteInt64LittleEndian(response, ++served);
                var writer = new ChainWriter(queue.Memory, chain);
                writer.Write(response);
                queue.Push(chain, writer.Written);
            }
            queue.NotifyIfNeeded();
            if (queue.IsBroken)
            {
                return queue.BrokenReason;
            }
            if (kick.Wait(WaitMs) == 0 && !stop.IsCancellationRequested)
            {
                return $"no kick after {served} requests";
            }
        }
        return null;
    }
}
