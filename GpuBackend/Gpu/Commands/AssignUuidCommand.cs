using VhostGpu.Gpu.Sharing;
using VhostGpu.Gpu.Wire;

namespace VhostGpu.Gpu.Commands;

/// <summary>
/// RESOURCE_ASSIGN_UUID: the resource's UUID, made on the first request and the same for every
/// later one while the resource lives (a refused announcement is dropped and made anew). Unknown
/// resource → INVALID_RESOURCE_ID; the host cannot share it (descriptors, memory, too many shared
/// objects) → OUT_OF_MEMORY. The control queue parks on the returned export until it is announced.
/// </summary>
internal static class AssignUuidCommand
{
    public static ResponseType Execute(GpuState state, in ResourceIdRequest request, out ResourceExport? export)
    {
        export = null;
        if (!state.Resources.TryGet(request.ResourceId, out var resource))
        {
            state.Errors.Report("ResourceAssignUuid answered ErrInvalidResourceId", $"no resource {request.ResourceId}");
            return ResponseType.ErrInvalidResourceId;
        }
        if (state.Exports.TryGet(resource.Id, out var existing))
        {
            if (existing.State != ExportState.Refused)
            {
                export = existing;
                return ResponseType.OkResourceUuid;
            }
            state.Exports.Withdraw(resource.Id);
        }
        export = state.Exports.TryExport(resource, out string? failure);
        if (export == null)
        {
            state.Errors.Report("ResourceAssignUuid answered ErrOutOfMemory", $"{resource} cannot be shared: {failure}");
            return ResponseType.ErrOutOfMemory;
        }
        return ResponseType.OkResourceUuid;
    }
}
