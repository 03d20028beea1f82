namespace VhostGpu.Display.Qemu;

/// <summary>
/// A question to QEMU (GET_DISPLAY_INFO, GET_EDID) whose caller waits for a completion. It completes
/// exactly once: with QEMU's answer, or with null on timeout or when the socket goes away. After a
/// timeout it stays in the reply order, so a late answer is recognised and dropped.
/// </summary>
internal abstract class PendingQuery(GpuSocketRequest request, long deadline)
{
    private int _completed;

    public GpuSocketRequest Request { get; } = request;

    /// <summary>Environment.TickCount64 at which the caller gets null.</summary>
    public long Deadline { get; } = deadline;

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Completes with QEMU's reply payload; a payload that does not decode completes with null.</summary>
    public void Complete(ReadOnlySpan<byte> payload)
    {
        if (TryClaim())
        {
            Deliver(payload);
        }
    }

    public void Fail()
    {
        if (TryClaim())
        {
            DeliverNothing();
        }
    }

    /// <summary>The message that asks QEMU this question.</summary>
    public abstract OutboundItem ToOutbound();

    protected abstract void Deliver(ReadOnlySpan<byte> payload);

    protected abstract void DeliverNothing();

    protected bool TryClaim() => Interlocked.Exchange(ref _completed, 1) == 0;
}
