using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Rendering.Scene;

/// <summary>
/// Everything that decides one scanout's picture: <see cref="Rect"/> of <see cref="Image"/> (none
/// when the scanout is disabled) and the cursor on top. The caller holds a lease on the image for
/// as long as the scene is drawn.
/// </summary>
public sealed record ScanoutScene(HostImage? Image, PixelRect Rect, CursorPlacement? Cursor)
{
    public static ScanoutScene Disabled { get; } = new(null, default, null);

    public bool IsEnabled => Image is not null && !Rect.IsEmpty;
}
