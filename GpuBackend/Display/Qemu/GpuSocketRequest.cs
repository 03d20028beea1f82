namespace VhostGpu.Display.Qemu;

/// <summary>Message ids of the vhost-user-gpu socket (protocol-reference 3.1, VhostUserGpuRequest).</summary>
internal enum GpuSocketRequest : uint
{
    GetProtocolFeatures = 1,
    SetProtocolFeatures = 2,
    GetDisplayInfo = 3,
    CursorPosition = 4,
    CursorPositionHide = 5,
    CursorUpdate = 6,
    Scanout = 7,
    Update = 8,
    DmabufScanout = 9,
    DmabufUpdate = 10,
    GetEdid = 11,
    DmabufScanout2 = 12,
}
