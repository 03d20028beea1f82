using VhostGpu.Display;
using VhostGpu.Gpu.Scanouts;
using VhostGpu.Gpu.Wire;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Gpu.Commands;

/// <summary>
/// UPDATE_CURSOR: loads a 64x64 resource as the cursor image (converted to B,G,R,A, so the cursor
/// owns its pixels and the resource may go away), sets the hot spot and shows it at the position.
/// Resource 0 hides the cursor. A resource of another size is refused by hiding the cursor: there
/// are no 64x64 pixels to show, and nothing uninitialised may reach the display.
/// </summary>
internal static class UpdateCursorCommand
{
    public static void Execute(GpuState state, in CursorRequest request)
    {
        if (!ScanoutTable.IsValidId(request.ScanoutId))
        {
            state.Errors.Report("cursor on an invalid scanout", $"{request}");
            return;
        }
        int scanout = (int)request.ScanoutId;
        int x = CursorPosition.Clamp(request.X);
        int y = CursorPosition.Clamp(request.Y);
        if (request.ResourceId == 0)
        {
            state.Sink.MoveCursor(scanout, x, y, visible: false);
            return;
        }
        if (!state.Resources.TryGet(request.ResourceId, out var resource)
            || resource.Width != CursorImage.Size || resource.Height != CursorImage.Size)
        {
            state.Errors.Report("cursor from a missing or non-64x64 resource", $"{request}");
            state.Sink.MoveCursor(scanout, x, y, visible: false);
            return;
        }
        var bgra = new byte[CursorImage.ByteLength];
        lock (resource.Image.SyncRoot)
        {
            PixelConverter.ToBgra(resource.Image.Pixels, bgra, resource.Image.Format);
        }
        int hotX = (int)Math.Min(request.HotX, CursorImage.Size - 1);
        int hotY = (int)Math.Min(request.HotY, CursorImage.Size - 1);
        state.Sink.SetCursor(scanout, new CursorImage(bgra, hotX, hotY), x, y);
    }
}
