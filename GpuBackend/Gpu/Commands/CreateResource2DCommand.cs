using VhostGpu.Gpu.Wire;

namespace VhostGpu.Gpu.Commands;

/// <summary>RESOURCE_CREATE_2D: a zeroed host image of the given format and size.</summary>
internal static class CreateResource2DCommand
{
    public static ResponseType Execute(GpuState state, in ResourceCreate2DRequest request)
    {
        // The id is judged before the format (protocol reference 4.6: first failing check wins).
        if (request.ResourceId == 0 || state.Resources.TryGet(request.ResourceId, out _))
        {
            return ResponseType.ErrInvalidResourceId;
        }
        if (VirtioGpuFormat.ToPixelFormat(request.Format) is not { } format)
        {
            return ResponseType.ErrInvalidParameter;
        }
        return state.Resources.TryCreate(request.ResourceId, format, request.Width, request.Height);
    }
}
