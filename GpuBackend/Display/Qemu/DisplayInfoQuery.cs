using VhostGpu.Diagnostics;

namespace VhostGpu.Display.Qemu;

/// <summary>A GET_DISPLAY_INFO round trip.</summary>
internal sealed class DisplayInfoQuery(Action<DisplayInfo?> completion, long deadline)
    : PendingQuery(GpuSocketRequest.GetDisplayInfo, deadline)
{
    public override OutboundItem ToOutbound() => OutboundItem.GetDisplayInfo();

    protected override void Deliver(ReadOnlySpan<byte> payload)
    {
        if (!DisplayInfoReply.TryRead(payload, out var info))
        {
            Log.Warning?.Write("qemu-display", $"GET_DISPLAY_INFO reply of {payload.Length} bytes is malformed; answering without display info");
        }
        completion(info);
    }

    protected override void DeliverNothing() => completion(null);
}
