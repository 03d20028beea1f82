using VhostGpu.Gpu.Scanouts;
using VhostGpu.Gpu.Wire;

namespace VhostGpu.Gpu.Commands;

/// <summary>SET_SCANOUT: shows a rectangle of a resource on a scanout, or disables the scanout (resource 0).</summary>
internal static class SetScanoutCommand
{
    // QEMU's built-in device refuses scanouts smaller than this.
    private const uint MinSize = 16;

    public static ResponseType Execute(GpuState state, in SetScanoutRequest request)
    {
        if (!ScanoutTable.IsValidId(request.ScanoutId))
        {
            return ResponseType.ErrInvalidScanoutId;
        }
        int scanout = (int)request.ScanoutId;
        if (request.ResourceId == 0)
        {
            state.Scanouts.Disable(scanout);
            return ResponseType.OkNoData;
        }
        if (!state.Resources.TryGet(request.ResourceId, out var resource))
        {
            return ResponseType.ErrInvalidResourceId;
        }
        if (resource.Backing == null)
        {
            return ResponseType.ErrUnspec;
        }
        var rect = request.Rect;
        if (!rect.FitsWithin(resource.Width, resource.Height) || rect.Width < MinSize || rect.Height < MinSize)
        {
            return ResponseType.ErrInvalidParameter;
        }
        state.Scanouts.Show(scanout, resource, rect.ToPixelRect());
        return ResponseType.OkNoData;
    }
}
