namespace VhostGpu.Display.Qemu;

/// <summary>What an <see cref="OutboundItem"/> asks the writer thread to send.</summary>
internal enum OutboundKind
{
    GetProtocolFeatures,
    SetProtocolFeatures,
    GetDisplayInfo,
    GetEdid,
    Scanout,
    Update,
    Cursor,
}
