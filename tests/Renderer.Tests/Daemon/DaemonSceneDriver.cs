using VhostGpu.Rendering.Imaging;
using VhostGpu.Tests.Scenes;

namespace VhostGpu.Tests.Daemon;

/// <summary>Plays a scene plan as a guest driver would: resources, transfers, set_scanout, flushes, cursor.</summary>
public static class DaemonSceneDriver
{
    private const uint ImageResource = 1;
    private const uint CursorResource = 2;

    /// <summary>Shows <paramref name="plan"/> on <paramref name="scanout"/>, creating the plan's resource unless <paramref name="shared"/> is given.</summary>
    public static SharedResource Show(GpuGuest guest, ScenePlan plan, uint scanout = 0, SharedResource? shared = null)
    {
        SharedResource resource = shared ?? Upload(guest, plan);
        PixelRect rect = plan.Rect ?? new PixelRect(0, 0, plan.ImageWidth, plan.ImageHeight);
        guest.SetScanout(scanout, resource.Id, rect);
        guest.Flush(resource.Id, rect);
        if (plan.Rect is null)
        {
            guest.SetScanout(scanout, 0, default);
        }
        if (plan.Damage is { } damage)
        {
            // The guest rewrites its whole framebuffer but transfers and flushes one rectangle.
            HostImage next = TestPatterns.Image(plan.ImageWidth, plan.ImageHeight, plan.Format, seed: 1);
            next.Pixels.CopyTo(guest.Bytes(resource.Backing, next.Pixels.Length));
            next.ReleaseLease();
            PixelRect inResource = damage.Offset(rect.X, rect.Y);
            guest.Transfer(resource.Id, inResource, plan.ImageWidth * PixelLayout.BytesPerPixel);
            guest.Flush(resource.Id, inResource);
        }
        if (plan.CursorAt is { } at)
        {
            var sprite = TestPatterns.Cursor();
            ulong backing = guest.CreateResource(CursorResource, PixelFormat.Bgra, sprite.Width, sprite.Height);
            sprite.Bgra.CopyTo(guest.Bytes(backing, sprite.Bgra.Length));
            guest.Transfer(CursorResource, new PixelRect(0, 0, sprite.Width, sprite.Height), sprite.Width * PixelLayout.BytesPerPixel);
            guest.UpdateCursor(scanout, at.X, at.Y, CursorResource, sprite.HotX, sprite.HotY);
        }
        return resource;
    }

    private static SharedResource Upload(GpuGuest guest, ScenePlan plan)
    {
        ulong backing = guest.CreateResource(ImageResource, plan.Format, plan.ImageWidth, plan.ImageHeight);
        HostImage image = plan.CreateImage();
        image.Pixels.CopyTo(guest.Bytes(backing, image.Pixels.Length));
        image.ReleaseLease();
        guest.Transfer(ImageResource, new PixelRect(0, 0, plan.ImageWidth, plan.ImageHeight), plan.ImageWidth * PixelLayout.BytesPerPixel);
        return new SharedResource(ImageResource, backing);
    }
}

/// <summary>A guest resource and its backing's guest address.</summary>
public sealed record SharedResource(uint Id, ulong Backing);
