namespace VhostGpu.Display.Qemu;

/// <summary>
/// One entry of the QEMU sink's ordered outbound queue. Control messages carry their few fields and
/// are encoded by the writer; UPDATE and cursor entries are markers whose content (damage, latest
/// cursor state) is read when the writer reaches them, which is what coalesces them.
/// </summary>
internal readonly record struct OutboundItem(OutboundKind Kind, int ScanoutId = 0, int Width = 0, int Height = 0, int Ticket = 0, GpuProtocolFeatures Features = GpuProtocolFeatures.None)
{
    /// <summary>Largest encoded control message (header + SCANOUT payload).</summary>
    public const int MaxControlSize = GpuSocketHeader.ByteSize + ScanoutMessage.ByteSize;

    public static OutboundItem GetProtocolFeatures() => new(OutboundKind.GetProtocolFeatures);

    public static OutboundItem SetProtocolFeatures(GpuProtocolFeatures features) => new(OutboundKind.SetProtocolFeatures, Features: features);

    public static OutboundItem GetDisplayInfo() => new(OutboundKind.GetDisplayInfo);

    public static OutboundItem GetEdid(int scanoutId) => new(OutboundKind.GetEdid, scanoutId);

    public static OutboundItem Scanout(int scanoutId, int width, int height) => new(OutboundKind.Scanout, scanoutId, width, height);

    public static OutboundItem Update(int scanoutId, int ticket) => new(OutboundKind.Update, scanoutId, Ticket: ticket);

    public static OutboundItem Cursor() => new(OutboundKind.Cursor);

    /// <summary>Encodes a control message (header included) into <paramref name="destination"/>; returns its length.</summary>
    public int WriteControlTo(Span<byte> destination)
    {
        var body = destination[GpuSocketHeader.ByteSize..];
        (GpuSocketRequest request, int size) = Kind switch
        {
            OutboundKind.GetProtocolFeatures => (GpuSocketRequest.GetProtocolFeatures, 0),
            OutboundKind.SetProtocolFeatures => (GpuSocketRequest.SetProtocolFeatures, ProtocolFeaturesMessage.ByteSize),
            OutboundKind.GetDisplayInfo => (GpuSocketRequest.GetDisplayInfo, 0),
            OutboundKind.GetEdid => (GpuSocketRequest.GetEdid, EdidRequestMessage.ByteSize),
            OutboundKind.Scanout => (GpuSocketRequest.Scanout, ScanoutMessage.ByteSize),
            _ => throw new InvalidOperationException($"{Kind} is not a control message"),
        };
        switch (Kind)
        {
            case OutboundKind.SetProtocolFeatures:
                ProtocolFeaturesMessage.WriteTo(body, Features);
                break;
            case OutboundKind.GetEdid:
                new EdidRequestMessage((uint)ScanoutId).WriteTo(body);
                break;
            case OutboundKind.Scanout:
                new ScanoutMessage((uint)ScanoutId, (uint)Width, (uint)Height).WriteTo(body);
                break;
        }
        GpuSocketHeader.ForRequest(request, size).WriteTo(destination);
        return GpuSocketHeader.ByteSize + size;
    }
}
