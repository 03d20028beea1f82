namespace VhostGpu.Gpu;

/// <summary>Settings of the virtio-gpu device.</summary>
public sealed record GpuDeviceOptions
{
    /// <summary>QEMU's default max_hostmem: the host memory all resources together may take.</summary>
    public const long DefaultMaxHostMemory = 256L * 1024 * 1024;

    /// <summary>Bytes of host memory the guest's resources may take (--max-hostmem).</summary>
    public long MaxHostMemory { get; init; } = DefaultMaxHostMemory;

    /// <summary>
    /// num_scanouts reported in the config space (1..16). QEMU's front-end replaces it with its own
    /// max_outputs; commands accept any scanout id below 16 because the back-end cannot learn that value.
    /// </summary>
    public int ConfigScanouts { get; init; } = 1;
}
