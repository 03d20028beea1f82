namespace VhostGpu.Display.Qemu;

/// <summary>Protocol feature bits of the vhost-user-gpu socket (GET/SET_PROTOCOL_FEATURES, a u64).</summary>
[Flags]
internal enum GpuProtocolFeatures : ulong
{
    None = 0,

    /// <summary>QEMU answers GET_EDID.</summary>
    Edid = 1 << 0,

    /// <summary>DMABUF_SCANOUT2 with a format modifier. We never send dmabufs, so we never ask for it.</summary>
    Dmabuf2 = 1 << 1,
}
