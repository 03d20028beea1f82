namespace VhostGpu.Display.Qemu;

/// <summary>One cursor state to send: a new <see cref="Image"/> (null: position only), where, and whether shown.</summary>
internal readonly record struct CursorMessage(CursorImage? Image, int ScanoutId, int X, int Y, bool Visible);
