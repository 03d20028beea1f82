namespace VhostGpu.Display;

/// <summary>Where the scanouts are shown (--display).</summary>
public enum DisplayKind
{
    /// <summary>QEMU's console, over the socket from GPU_SET_SOCKET (the reference back-end's only way).</summary>
    Qemu,

    /// <summary>VhostGpu's own windows, one per scanout.</summary>
    Window,

    /// <summary>No screen at all (PNG files with --screenshot-dir).</summary>
    Headless,
}
