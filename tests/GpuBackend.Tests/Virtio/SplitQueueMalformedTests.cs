using VhostGpu.Diagnostics;
using VhostGpu.TestSupport.Guest;
using VhostGpu.Virtio;

namespace VhostGpu.Tests.Virtio;

public sealed class SplitQueueMalformedTests
{
    /// <summary>The part of the queue's reason that shows the intended check caught each case.</summary>
    private static readonly Dictionary<MalformedChain, string> ExpectedReason = new()
    {
        [MalformedChain.Loop] = "more than 8 descriptors",
        [MalformedChain.LongerThanQueue] = "more than 8 descriptors",
        [MalformedChain.IndirectLoop] = "more than 2 descriptors",
        [MalformedChain.NestedIndirect] = "nested indirect",
        [MalformedChain.IndirectWithNext] = "also has NEXT",
        [MalformedChain.IndirectLengthNotMultipleOf16] = "bad table length 24",
        [MalformedChain.IndirectLengthZero] = "bad table length 0",
        [MalformedChain.IndirectTooLarge] = "bad table length 262160",
        [MalformedChain.IndirectTableOutsideGuestMemory] = "indirect table",
        [MalformedChain.IndirectNextOutOfRange] = "beyond the 2-entry table",
        [MalformedChain.NextOutOfRange] = "beyond the 8-entry table",
        [MalformedChain.LengthOverflow] = "more than 4294967296 bytes",
        [MalformedChain.AddressOutsideGuestMemory] = "outside guest memory",
        [MalformedChain.AddressWrapsAround] = "outside guest memory",
        [MalformedChain.ReadableAfterWritable] = "readable descriptor",
        [MalformedChain.HeadOutOfRange] = "names head 8",
        [MalformedChain.AvailIndexJump] = "more than the 8 entries",
    };

    public static TheoryData<MalformedChain> Kinds()
    {
        var data = new TheoryData<MalformedChain>();
        foreach (var kind in Enum.GetValues<MalformedChain>().Where(k => k != MalformedChain.LengthOverflow))
        {
            data.Add(kind);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void MalformedRingBreaksTheQueueAndSignalsTheError(MalformedChain kind)
    {
        using var h = new QueueHarness(size: 8);
        AssertBreaks(h, kind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void MalformedRingBreaksAQueueWithIndicesAboutToWrap(MalformedChain kind)
    {
        using var h = new QueueHarness(size: 8, startIndex: 65533, eventIdx: true);
        AssertBreaks(h, kind);
    }

    [Fact]
    public void ChainOfMoreThanFourGibibytesBreaksTheQueue()
    {
        using var h = new QueueHarness(ramSize: (4UL << 30) + (1 << 20));
        AssertBreaks(h, MalformedChain.LengthOverflow);
    }

    [Fact]
    public void ChainsPoppedBeforeTheBreakCanStillBeAnswered()
    {
        using var h = new QueueHarness();
        ulong w = h.Driver.AllocateBuffer(4);
        ushort head = h.Driver.Submit(GuestBuffer.Writable(w, 4));
        var good = h.PopOne();
        h.Driver.AddMalformed(MalformedChain.Loop);
        Assert.False(h.Queue.TryPop(out _));

        h.Queue.Push(good, 0);
        h.Queue.NotifyIfNeeded();

        Assert.True(h.Driver.TryTakeUsed(out var used));
        Assert.Equal(head, used.Id);
        Assert.Equal(1UL, h.TakeCalls());
    }

    private static void AssertBreaks(QueueHarness h, MalformedChain kind)
    {
        ulong w = h.Driver.AllocateBuffer(4);
        h.Driver.Submit(GuestBuffer.Writable(w, 4));
        h.Queue.Push(h.PopOne(), 4);
        Assert.True(h.Driver.TryTakeUsed(out _));
        ushort availBefore = h.Queue.NextAvailIndex;

        var log = new StringWriter();
        var previous = Log.Output;
        Log.Output = log;
        try
        {
            h.Driver.AddMalformed(kind);
            Assert.False(h.Queue.TryPop(out _));
        }
        finally
        {
            Log.Output = previous;
        }

        Assert.True(h.Queue.IsBroken);
        Assert.Contains(ExpectedReason[kind], h.Queue.BrokenReason);
        Assert.Equal(1UL, h.Signals.Error.Consume());
        Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains("WARN") && line.Contains("queue 0 stopped"));
        Assert.Equal(availBefore, h.Queue.NextAvailIndex);

        // A well-formed chain afterwards is not looked at: the queue stays stopped.
        h.Driver.WriteDescriptor(0, new Descriptor(w, 4, DescriptorFlags.Write, 0));
        h.Driver.MakeAvailable(0);
        Assert.False(h.Queue.TryPop(out _));
        Assert.Equal(0UL, h.Signals.Error.Consume());
    }
}
