namespace VhostGpu.TestSupport.QemuDisplay;

/// <summary>
/// One message the peer received from the back-end: its id, payload size and, for scanout, cursor
/// and update messages, the scanout id and the first four u32 after it (x, y, width, height).
/// </summary>
public readonly record struct PeerMessage(uint Request, uint Flags, uint Size, uint ScanoutId, uint X, uint Y, uint Width, uint Height);
