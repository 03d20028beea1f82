namespace VhostGpu.Bench.Guest;

/// <summary>One virtio_gpu_mem_entry of a resource's backing: a guest-physical range.</summary>
public readonly record struct BackingEntry(ulong Address, uint Length);
