namespace VhostGpu.Virtio;

/// <summary>Flag bits of the available and used rings' first u16 (reference 5.1).</summary>
public static class RingFlags
{
    /// <summary>avail.flags: the driver asks not to be interrupted (ignored with EVENT_IDX).</summary>
    public const ushort NoInterrupt = 1;

    /// <summary>used.flags: the device asks not to be kicked (ignored with EVENT_IDX).</summary>
    public const ushort NoNotify = 1;
}
