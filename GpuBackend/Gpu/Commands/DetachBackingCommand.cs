using VhostGpu.Gpu.Wire;

namespace VhostGpu.Gpu.Commands;

/// <summary>RESOURCE_DETACH_BACKING: forgets the resource's guest pages; its host image stays.</summary>
internal static class DetachBackingCommand
{
    public static ResponseType Execute(GpuState state, in ResourceIdRequest request)
    {
        if (!state.Resources.TryGet(request.ResourceId, out var resource))
        {
            return ResponseType.ErrInvalidResourceId;
        }
        if (resource.Backing == null)
        {
            return ResponseType.ErrUnspec;
        }
        resource.Backing = null;
        return ResponseType.OkNoData;
    }
}
