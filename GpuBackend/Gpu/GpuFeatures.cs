using VhostGpu.VhostUser;

namespace VhostGpu.Gpu;

/// <summary>Feature bits the virtio-gpu device offers (protocol reference 1.3, 1.4, 1.10).</summary>
internal static class GpuFeatures
{
    /// <summary>VIRTIO_GPU_F_EDID: GET_EDID is served (QEMU warns about a back-end without it).</summary>
    public const ulong Edid = 1UL << 1;

    /// <summary>VIRTIO_GPU_F_RESOURCE_UUID: RESOURCE_ASSIGN_UUID is served (QEMU passes it to the guest when offered).</summary>
    public const ulong ResourceUuid = 1UL << 2;

    public const ulong Offered =
        TransportFeature.Version1 | Edid | ResourceUuid | TransportFeature.IndirectDescriptors | TransportFeature.EventIndex;

    /// <summary>
    /// CONFIG: QEMU's vhost-user-gpu-pci refuses a back-end without it. RESET_DEVICE: the only way to
    /// tell a guest reboot (resources must go) from a pause. SHARED_OBJECT: resources with a UUID are
    /// announced (SHARED_OBJECT_ADD / REMOVE) and served by GET_SHARED_OBJECT.
    /// </summary>
    public const ProtocolFeature ProtocolOffered = ProtocolFeature.Config | ProtocolFeature.ResetDevice | ProtocolFeature.SharedObject;
}
