using VhostGpu.Diagnostics;
using VhostGpu.Gpu.Resources;
using VhostGpu.Gpu.Wire;
using VhostGpu.Memory;

namespace VhostGpu.Gpu.Commands;

/// <summary>RESOURCE_ATTACH_BACKING: remembers the guest pages that hold the resource's pixels.</summary>
internal static class AttachBackingCommand
{
    public static ResponseType Execute(GpuState state, IGuestMemory memory, in AttachBackingRequest request)
    {
        if (!state.Resources.TryGet(request.ResourceId, out var resource))
        {
            return ResponseType.ErrInvalidResourceId;
        }
        if (resource.Backing != null)
        {
            return ResponseType.ErrUnspec;
        }
        // The count is bounded by the cap and by the bytes really present before anything is read.
        if (!request.HasAllEntries)
        {
            return ResponseType.ErrUnspec;
        }
        var backing = GuestBacking.TryCreate(request, memory, out string? error);
        if (backing == null)
        {
            Log.Debug?.Write("gpu", $"attach_backing for {resource}: {error}");
            return ResponseType.ErrUnspec;
        }
        resource.Backing = backing;
        return ResponseType.OkNoData;
    }
}
