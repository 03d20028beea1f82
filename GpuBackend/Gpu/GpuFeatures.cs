namespace VhostGpu.Gpu;

/// <summary>Feature bits the virtio-gpu device offers (protocol reference 1.3, 1.4, 1.10).</summary>
internal static class GpuFeatures
{
    public const ulong Edid = 1UL << 1;
    public const ulong ResourceUuid = 1UL << 2;
    public const ulong RingIndirectDescriptors = 1UL << 28;
    public const ulong RingEventIndex = 1UL << 29;
    public const ulong Version1 = 1UL << 32;

    /// <summary>GET/SET_CONFIG: QEMU's vhost-user-gpu-pci refuses a back-end without it.</summary>
    public const ulong ProtocolConfig = 1UL << 9;

    /// <summary>RESET_DEVICE: the only way to tell a guest reboot (resources must go) from a pause.</summary>
    public const ulong ProtocolResetDevice = 1UL << 13;

    /// <summary>SHARED_OBJECT: GET_SHARED_OBJECT and the back-end's SHARED_OBJECT_ADD / REMOVE for resources with a UUID.</summary>
    public const ulong ProtocolSharedObject = 1UL << 18;

    public const ulong Offered = Version1 | Edid | ResourceUuid | RingIndirectDescriptors | RingEventIndex;

    public const ulong ProtocolOffered = ProtocolConfig | ProtocolResetDevice | ProtocolSharedObject;
}
