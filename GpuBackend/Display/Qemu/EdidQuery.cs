using VhostGpu.Diagnostics;

namespace VhostGpu.Display.Qemu;

/// <summary>A GET_EDID round trip for one scanout.</summary>
internal sealed class EdidQuery(int scanoutId, Action<byte[]?> completion, long deadline)
    : PendingQuery(GpuSocketRequest.GetEdid, deadline)
{
    public int ScanoutId { get; } = scanoutId;

    public override OutboundItem ToOutbound() => OutboundItem.GetEdid(ScanoutId);

    /// <summary>Completes with an EDID made here (no display, or a display without EDID support).</summary>
    public void CompleteLocally(byte[] edid)
    {
        if (TryClaim())
        {
            completion(edid);
        }
    }

    protected override void Deliver(ReadOnlySpan<byte> payload)
    {
        if (!EdidReply.TryRead(payload, out var edid))
        {
            Log.Warning?.Write("qemu-display", $"GET_EDID reply of {payload.Length} bytes is malformed; answering without EDID");
        }
        completion(edid);
    }

    protected override void DeliverNothing() => completion(null);
}
