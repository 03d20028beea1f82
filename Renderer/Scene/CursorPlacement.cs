namespace VhostGpu.Rendering.Scene;

/// <summary>A visible cursor: its sprite with the hot spot at (<paramref name="X"/>, <paramref name="Y"/>) in scanout pixels.</summary>
public sealed record CursorPlacement(CursorSprite Sprite, int X, int Y);
