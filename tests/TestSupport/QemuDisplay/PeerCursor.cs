namespace VhostGpu.TestSupport.QemuDisplay;

/// <summary>The cursor as QEMU's console would show it after the messages so far.</summary>
public sealed record PeerCursor(uint ScanoutId, uint X, uint Y, bool Visible, uint HotX, uint HotY, byte[]? Bgra, int ImageUpdates);
