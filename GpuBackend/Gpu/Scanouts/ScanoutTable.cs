using VhostGpu.Display;
using VhostGpu.Gpu.Resources;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Gpu.Scanouts;

/// <summary>
/// Which resource rectangle each scanout shows, kept in step with the display sink: every change
/// here is told to the sink, and flushes are translated to scanout coordinates before they go out.
/// </summary>
public sealed class ScanoutTable(IDisplaySink sink)
{
    public const int MaxScanouts = DisplayInfo.MaxScanouts;

    private readonly (uint ResourceId, PixelRect Rect)[] _scanouts = new (uint, PixelRect)[MaxScanouts];

    public static bool IsValidId(uint scanoutId) => scanoutId < MaxScanouts;

    /// <summary>The resource shown on a scanout, 0 when it is disabled.</summary>
    public uint ResourceOn(int scanoutId) => _scanouts[scanoutId].ResourceId;

    public PixelRect RectOn(int scanoutId) => _scanouts[scanoutId].Rect;

    public void Show(int scanoutId, GpuResource resource, PixelRect rect)
    {
        _scanouts[scanoutId] = (resource.Id, rect);
        sink.SetScanout(scanoutId, new ScanoutSource(resource.Image, rect));
    }

    public void Disable(int scanoutId)
    {
        if (_scanouts[scanoutId].ResourceId == 0)
        {
            return;
        }
        _scanouts[scanoutId] = default;
        sink.SetScanout(scanoutId, null);
    }

    /// <summary>Disables every scanout showing the resource (it is going away).</summary>
    public void DisableShowing(uint resourceId)
    {
        for (int i = 0; i < MaxScanouts; i++)
        {
            if (_scanouts[i].ResourceId == resourceId)
            {
                Disable(i);
            }
        }
    }

    /// <summary>Presents <paramref name="damage"/> (resource coordinates) on every scanout showing the resource.</summary>
    public void Flush(uint resourceId, PixelRect damage)
    {
        for (int i = 0; i < MaxScanouts; i++)
        {
            var (shown, rect) = _scanouts[i];
            if (shown != resourceId)
            {
                continue;
            }
            var visible = damage.Intersect(rect);
            if (!visible.IsEmpty)
            {
                sink.Flush(i, visible.Offset(-rect.X, -rect.Y));
            }
        }
    }

    /// <summary>Forgets every scanout without telling the sink (the caller resets the sink as a whole).</summary>
    public void Clear() => Array.Clear(_scanouts);
}
