using VhostGpu.Gpu.Wire;

namespace VhostGpu.Gpu.Commands;

/// <summary>RESOURCE_UNREF: disables every scanout showing the resource, withdraws its UUID, drops its backing and frees it.</summary>
internal static class UnrefResourceCommand
{
    public static ResponseType Execute(GpuState state, in ResourceIdRequest request)
    {
        if (!state.Resources.TryGet(request.ResourceId, out var resource))
        {
            return ResponseType.ErrInvalidResourceId;
        }
        state.Scanouts.DisableShowing(resource.Id);
        state.Exports.Withdraw(resource.Id);
        state.Resources.Destroy(resource);
        return ResponseType.OkNoData;
    }
}
