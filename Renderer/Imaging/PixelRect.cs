namespace VhostGpu.Rendering.Imaging;

/// <summary>An axis-aligned pixel rectangle. Coordinates are unsigned on the wire; here they are validated ints.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public bool IsEmpty => Width <= 0 || Height <= 0;

    public int Right => X + Width;

    public int Bottom => Y + Height;

    public PixelRect Intersect(PixelRect other)
    {
        int x = Math.Max(X, other.X);
        int y = Math.Max(Y, other.Y);
        int right = Math.Min(Right, other.Right);
        int bottom = Math.Min(Bottom, other.Bottom);
        return right <= x || bottom <= y ? default : new PixelRect(x, y, right - x, bottom - y);
    }

    public PixelRect Union(PixelRect other)
    {
        if (IsEmpty)
        {
            return other;
        }
        if (other.IsEmpty)
        {
            return this;
        }
        int x = Math.Min(X, other.X);
        int y = Math.Min(Y, other.Y);
        return new PixelRect(x, y, Math.Max(Right, other.Right) - x, Math.Max(Bottom, other.Bottom) - y);
    }

    /// <summary>Whether every pixel of <paramref name="inner"/> lies inside this rectangle (an empty one contains nothing).</summary>
    public bool Contains(PixelRect inner) =>
        !IsEmpty && inner.X >= X && inner.Y >= Y && inner.Right <= Right && inner.Bottom <= Bottom;

    public PixelRect Offset(int dx, int dy) => new(X + dx, Y + dy, Width, Height);

    public override string ToString() => $"{Width}x{Height}+{X}+{Y}";
}
