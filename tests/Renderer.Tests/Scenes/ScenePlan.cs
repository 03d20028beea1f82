using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Scene;

namespace VhostGpu.Tests.Scenes;

/// <summary>
/// One golden scene: an image of <see cref="Format"/> with pattern 0, shown through
/// <see cref="Rect"/> (none: disabled) in a target of the given size, with an optional cursor.
/// With <see cref="Damage"/>, the guest then rewrites the whole image with pattern 1 but reports
/// only that rectangle (scanout coordinates): the display must show the new pixels there only.
/// </summary>
public sealed record ScenePlan(
    string Name,
    PixelFormat Format,
    int ImageWidth,
    int ImageHeight,
    PixelRect? Rect,
    int TargetWidth,
    int TargetHeight,
    PixelRect? Damage = null,
    (int X, int Y)? CursorAt = null)
{
    public override string ToString() => Name;

    public HostImage CreateImage() => TestPatterns.Image(ImageWidth, ImageHeight, Format);

    public CursorPlacement? Cursor(CursorSprite sprite) =>
        CursorAt is { } at ? new CursorPlacement(sprite, at.X, at.Y) : null;
}
