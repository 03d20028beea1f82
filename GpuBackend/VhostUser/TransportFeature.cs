namespace VhostGpu.VhostUser;

/// <summary>Feature bits (GET/SET_FEATURES) that belong to vhost-user and the virtio transport rather than to a device type.</summary>
public static class TransportFeature
{
    public const ulong NotifyOnEmpty = 1UL << 24;
    public const ulong LogAll = 1UL << 26;
    public const ulong IndirectDescriptors = 1UL << 28;
    public const ulong EventIndex = 1UL << 29;
    public const ulong ProtocolFeatures = 1UL << 30;
    public const ulong Version1 = 1UL << 32;
    public const ulong AccessPlatform = 1UL << 33;
    public const ulong RingPacked = 1UL << 34;
}
