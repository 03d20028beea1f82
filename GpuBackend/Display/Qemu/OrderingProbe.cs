namespace VhostGpu.Display.Qemu;

/// <summary>
/// A GET_DISPLAY_INFO whose answer nobody needs. QEMU answers in order and always answers
/// GET_DISPLAY_INFO, but silently skips GET_EDID for outputs it lacks; so when a GET_EDID has timed
/// out, a probe sent before the next GET_EDID tells by its answer's arrival whether the old one
/// was skipped (the probe's answer comes first) or is merely late (its answer comes first).
/// </summary>
internal sealed class OrderingProbe(long deadline) : PendingQuery(GpuSocketRequest.GetDisplayInfo, deadline)
{
    public override OutboundItem ToOutbound() => OutboundItem.GetDisplayInfo();

    protected override void Deliver(ReadOnlySpan<byte> payload)
    {
    }

    protected override void DeliverNothing()
    {
    }
}
