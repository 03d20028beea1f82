using VhostGpu.Gpu.Wire;

namespace VhostGpu.Gpu.Commands;

/// <summary>RESOURCE_FLUSH: presents a rectangle of a resource on every scanout that shows it.</summary>
internal static class ResourceFlushCommand
{
    public static ResponseType Execute(GpuState state, in ResourceFlushRequest request)
    {
        if (!state.Resources.TryGet(request.ResourceId, out var resource))
        {
            return ResponseType.ErrInvalidResourceId;
        }
        if (!request.Rect.FitsWithin(resource.Width, resource.Height))
        {
            return ResponseType.ErrInvalidParameter;
        }
        if (!request.Rect.IsEmpty)
        {
            state.Scanouts.Flush(resource.Id, request.Rect.ToPixelRect());
        }
        return ResponseType.OkNoData;
    }
}
