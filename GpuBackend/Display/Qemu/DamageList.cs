using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// Rectangles of one scanout flushed since its last UPDATE went out. Bounded: a rectangle already
/// covered is dropped, and when the list is full everything collapses into the union, so a flood of
/// small flushes costs at most one full-area update.
/// </summary>
internal sealed class DamageList
{
    public const int Capacity = 8;

    private readonly PixelRect[] _rects = new PixelRect[Capacity];

    public int Count { get; private set; }

    public bool IsEmpty => Count == 0;

    public void Add(PixelRect rect)
    {
        if (rect.IsEmpty)
        {
            return;
        }
        for (int i = 0; i < Count; i++)
        {
            if (_rects[i].Contains(rect))
            {
                return;
            }
        }
        for (int i = Count - 1; i >= 0; i--)
        {
            if (rect.Contains(_rects[i]))
            {
                _rects[i] = _rects[--Count];
            }
        }
        if (Count == Capacity)
        {
            var union = rect;
            for (int i = 0; i < Count; i++)
            {
                union = union.Union(_rects[i]);
            }
            _rects[0] = union;
            Count = 1;
            return;
        }
        _rects[Count++] = rect;
    }

    /// <summary>Moves every rectangle into <paramref name="destination"/> (at least <see cref="Capacity"/> long); returns how many.</summary>
    public int TakeAll(Span<PixelRect> destination)
    {
        int count = Count;
        _rects.AsSpan(0, count).CopyTo(destination);
        Count = 0;
        return count;
    }

    public void Clear() => Count = 0;
}
