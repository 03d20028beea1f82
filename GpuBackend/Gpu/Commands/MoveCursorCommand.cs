using VhostGpu.Gpu.Scanouts;
using VhostGpu.Gpu.Wire;

namespace VhostGpu.Gpu.Commands;

/// <summary>MOVE_CURSOR: moves the cursor; it is visible while the request names a resource (QEMU's rule).</summary>
internal static class MoveCursorCommand
{
    public static void Execute(GpuState state, in CursorRequest request)
    {
        if (!ScanoutTable.IsValidId(request.ScanoutId))
        {
            state.Errors.Report("cursor on an invalid scanout", $"{request}");
            return;
        }
        state.Sink.MoveCursor((int)request.ScanoutId, CursorPosition.Clamp(request.X), CursorPosition.Clamp(request.Y), request.ResourceId != 0);
    }
}
