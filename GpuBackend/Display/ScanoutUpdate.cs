using VhostGpu.Rendering.Scene;

namespace VhostGpu.Display;

/// <summary>
/// What changed on one scanout since its consumer last looked. When <see cref="SourceChanged"/>,
/// <see cref="Source"/> (if any) comes with a lease that now belongs to the consumer.
/// </summary>
public sealed record ScanoutUpdate(bool Dirty, bool SourceChanged, ScanoutSource? Source, Rendering.Imaging.PixelRect Damage, CursorPlacement? Cursor)
{
    public static ScanoutUpdate None { get; } = new(false, false, null, default, null);
}
