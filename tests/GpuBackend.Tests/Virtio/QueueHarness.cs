using VhostGpu.Memory;
using VhostGpu.TestSupport.Guest;
using VhostGpu.Virtio;

namespace VhostGpu.Tests.Virtio;

/// <summary>A test driver and the device's SplitQueue over the same memfd guest RAM.</summary>
internal sealed class QueueHarness : IDisposable
{
    public QueueHarness(ushort size = 8, ushort startIndex = 0, bool eventIdx = false, ulong ramSize = 1 << 20)
    {
        Ram = new GuestRam(ramSize);
        Map = Ram.CreateMap();
        Driver = new DriverQueue(Ram, size, startIndex) { EventIdx = eventIdx };
        Queue = SplitQueue.TryCreate(0, Driver.Layout, startIndex, eventIdx, Map, Signals, out string? error)
            ?? throw new InvalidOperationException(error);
    }

    public GuestRam Ram { get; }

    public GuestMemoryMap Map { get; }

    public DriverQueue Driver { get; }

    public EventFdQueueSignals Signals { get; } = new();

    public SplitQueue Queue { get; }

    /// <summary>Interrupts the device raised since the last call.</summary>
    public ulong TakeCalls() => Signals.Call.Consume();

    public DescriptorChain PopOne()
    {
        Assert.True(Queue.TryPop(out var chain), Queue.BrokenReason ?? "ring empty");
        return chain;
    }

    public void Dispose()
    {
        Map.Dispose();
        Ram.Dispose();
        Signals.Dispose();
    }
}
