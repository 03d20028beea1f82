using VhostGpu.Diagnostics;
using VhostGpu.Gpu.Resources;
using VhostGpu.Interop;
using VhostGpu.SharedObjects;
using VhostGpu.VhostUser;

namespace VhostGpu.Gpu.Sharing;

/// <summary>
/// The resources the guest gave a UUID (RESOURCE_ASSIGN_UUID), their entries in the shared-object
/// registry and their announcements to the front-end. Guarded by the device lock.
/// <para>
/// Pixels move into a sealed memfd only when a resource gets its UUID, not at creation: each memfd
/// costs a descriptor and a mapping for as long as the resource lives, and a guest may create tens
/// of thousands of small resources inside the memory budget (65 536 1x1 resources fit in 256 KiB),
/// enough to exhaust RLIMIT_NOFILE and vm.max_map_count and so break the vhost-user session's own
/// descriptor traffic; it would also add memfd_create, ftruncate, mmap, munmap and close to every
/// create/unref cycle. Moving costs one copy of the image at assign time; transfers and flushes
/// then read and write the shared pages directly.
/// </para>
/// </summary>
internal sealed class ResourceExports
{
    private readonly Dictionary<uint, ResourceExport> _exports = [];
    private readonly SharedObjectAnnouncer _announcer = new();

    public SharedObjectRegistry Registry { get; } = new();

    /// <summary>The back-end channel announcements go to; null when there is none.</summary>
    public IBackendChannel? Channel { get; set; }

    public bool TryGet(uint resourceId, out ResourceExport export) => _exports.TryGetValue(resourceId, out export!);

    /// <summary>
    /// Shares the resource: registers a descriptor for a sealed memfd under a new UUID, moves the
    /// pixels there, and announces the UUID when the front-end takes shared objects. Null with the
    /// reason when the host refuses (descriptors, memory, registry full); the pixels then stay put.
    /// </summary>
    public ResourceExport? TryExport(GpuResource resource, out string? failure)
    {
        var memory = SharedPixelMemory.TryCreate($"vhost-user-gpu-resource-{resource.Id}", resource.ByteSize, out int errno);
        if (memory == null)
        {
            failure = $"no shareable memory: {Errno.Describe(errno)}";
            return null;
        }
        var descriptor = memory.TryExport(out errno);
        if (descriptor == null)
        {
            memory.Dispose();
            failure = $"no descriptor to export: {Errno.Describe(errno)}";
            return null;
        }
        if (Registry.TryAdd(descriptor, SharedObjectLayout.Of(resource.Image)) is not { } uuid)
        {
            descriptor.Dispose();
            memory.Dispose();
            failure = $"{Registry.Capacity} objects are shared already";
            return null;
        }
        // The table's lease keeps the image alive and the storage is large enough: a refusal is a bug.
        if (!resource.Image.TryMoveTo(memory))
        {
            throw new InvalidOperationException($"{resource} refused shareable storage of {memory.Length} bytes");
        }
        var export = new ResourceExport(resource.Id, uuid);
        if (Channel is { SharesObjects: true } channel)
        {
            export.BeginAnnouncement();
            _announcer.Add(channel, uuid, export.Settle);
        }
        _exports.Add(resource.Id, export);
        failure = null;
        Log.Info?.Write("gpu", $"{resource} shared as {uuid} ({export.State})");
        return export;
    }

    /// <summary>
    /// The resource is going away or its announcement failed: its UUID leaves the registry for good
    /// and an announced one is withdrawn from the front-end. Holders keep their descriptors.
    /// </summary>
    public void Withdraw(uint resourceId)
    {
        if (!_exports.Remove(resourceId, out var export))
        {
            return;
        }
        Registry.Remove(export.Uuid);
        if (export.State is ExportState.Announcing or ExportState.Announced && Channel is { SharesObjects: true } channel)
        {
            _announcer.Remove(channel, export.Uuid);
        }
    }

    /// <summary>Withdraws every export (device reset, disconnect).</summary>
    public void WithdrawAll()
    {
        foreach (uint id in _exports.Keys.ToArray())
        {
            Withdraw(id);
        }
    }

    /// <summary>Waits until queued announcements have been sent. Never call with the device lock held.</summary>
    public void DrainAnnouncements() => _announcer.WaitUntilSent();
}
