namespace VhostGpu.Display.Qemu;

/// <summary>
/// One entry of the QEMU sink's ordered outbound queue. Control messages carry their few fields and
/// are encoded by the writer; SCANOUT, UPDATE and cursor entries are markers whose content (latest
/// mode, damage, latest cursor state) is read when the writer reaches them, which is what coalesces them.
/// </summary>
internal readonly record struct OutboundItem(OutboundKind Kind, int ScanoutId = 0, int Ticket = 0, GpuProtocolFeatures Features = GpuProtocolFeatures.None)
{
    /// <summary>Largest encoded control message: header + the biggest payload, SET_PROTOCOL_FEATURES' 8 bytes.</summary>
    public const int MaxControlSize = GpuSocketHeader.ByteSize + ProtocolFeaturesMessage.ByteSize;

    public static OutboundItem GetProtocolFeatures() => new(OutboundKind.GetProtocolFeatures);

    public static OutboundItem SetProtocolFeatures(GpuProtocolFeatures features) => new(OutboundKind.SetProtocolFeatures, Features: features);

    public static OutboundItem GetDisplayInfo() => new(OutboundKind.GetDisplayInfo);

    public static OutboundItem GetEdid(int scanoutId) => new(OutboundKind.GetEdid, scanoutId);

    public static OutboundItem Scanout(int scanoutId) => new(OutboundKind.Scanout, scanoutId);

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
        }
        GpuSocketHeader.ForRequest(request, size).WriteTo(destination);
        return GpuSocketHeader.ByteSize + size;
    }
}
