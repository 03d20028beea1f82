using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Scene;

namespace VhostGpu.Rendering.Cpu;

/// <summary>
/// Draws a scanout exactly as a user sees it, without GL: the scanout rectangle converted to
/// B,G,R,A (X channels opaque), the cursor blended over it at its hot spot and clipped to the
/// scanout, then scaled into the target with the aspect ratio kept (nearest sampling at pixel
/// centres, black bars). The reference the GL presenter is measured against.
/// </summary>
public static class CpuCompositor
{
    /// <summary>The scanout at its own size (a disabled scanout has none: null).</summary>
    public static BgraFrame? ComposeNative(ScanoutScene scene) =>
        scene.IsEnabled ? ComposeUnscaled(scene) : null;

    /// <summary>The scanout fitted into a <paramref name="width"/> x <paramref name="height"/> target.</summary>
    public static BgraFrame Compose(ScanoutScene scene, int width, int height)
    {
        var target = new BgraFrame(width, height);
        target.ClearToBlack();
        if (!scene.IsEnabled)
        {
            return target;
        }
        BgraFrame native = ComposeUnscaled(scene);
        PixelRect area = Letterbox.Fit(native.Width, native.Height, width, height);
        if (area.Width == native.Width && area.Height == native.Height)
        {
            for (int y = 0; y < area.Height; y++)
            {
                native.Row(y).CopyTo(target.Row(area.Y + y)[(area.X * PixelLayout.BytesPerPixel)..]);
            }
            return target;
        }
        ScaleNearest(native, target, area);
        return target;
    }

    private static BgraFrame ComposeUnscaled(ScanoutScene scene)
    {
        HostImage image = scene.Image!;
        PixelRect rect = scene.Rect;
        var frame = new BgraFrame(rect.Width, rect.Height);
        lock (image.SyncRoot)
        {
            PixelRect inside = rect.Intersect(new PixelRect(0, 0, image.Width, image.Height));
            frame.ClearToBlack();
            for (int y = inside.Y; y < inside.Bottom; y++)
            {
                Span<byte> destination = frame.Row(y - rect.Y).Slice(
                    (inside.X - rect.X) * PixelLayout.BytesPerPixel, inside.Width * PixelLayout.BytesPerPixel);
                PixelConverter.ToBgra(image.Row(y, inside.X, inside.Width), destination, image.Format);
            }
        }
        if (scene.Cursor is { } cursor)
        {
            BlendCursor(frame, cursor);
        }
        return frame;
    }

    private static void BlendCursor(BgraFrame frame, CursorPlacement cursor)
    {
        CursorSprite sprite = cursor.Sprite;
        PixelRect placed = sprite.PlacedAt(cursor.X, cursor.Y);
        PixelRect visible = placed.Intersect(new PixelRect(0, 0, frame.Width, frame.Height));
        for (int y = visible.Y; y < visible.Bottom; y++)
        {
            ReadOnlySpan<byte> source = sprite.Bgra.AsSpan(
                ((y - placed.Y) * sprite.Width + visible.X - placed.X) * PixelLayout.BytesPerPixel,
                visible.Width * PixelLayout.BytesPerPixel);
            Span<byte> destination = frame.Row(y).Slice(visible.X * PixelLayout.BytesPerPixel, visible.Width * PixelLayout.BytesPerPixel);
            AlphaBlend.Over(source, destination);
        }
    }

    private static void ScaleNearest(BgraFrame source, BgraFrame target, PixelRect area)
    {
        Span<int> columns = area.Width <= 4096 ? stackalloc int[area.Width] : new int[area.Width];
        for (int x = 0; x < area.Width; x++)
        {
            columns[x] = Letterbox.NearestSource(x, source.Width, area.Width);
        }
        for (int y = 0; y < area.Height; y++)
        {
            ReadOnlySpan<uint> sourceRow = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(
                source.Row(Letterbox.NearestSource(y, source.Height, area.Height)));
            Span<uint> targetRow = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(target.Row(area.Y + y))
                .Slice(area.X, area.Width);
            for (int x = 0; x < targetRow.Length; x++)
            {
                targetRow[x] = sourceRow[columns[x]];
            }
        }
    }
}
