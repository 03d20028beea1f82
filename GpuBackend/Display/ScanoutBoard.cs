using VhostGpu.Diagnostics;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Scene;

namespace VhostGpu.Display;

/// <summary>
/// The state a display draws from, written by the device's queue threads and read by one
/// consumer thread (a window loop or a screenshot writer): per scanout the source (with the
/// board's own lease on its image), the damage not yet drawn, and the cursor. Writers never wait
/// for the consumer; <see cref="Changed"/> tells it to look.
/// </summary>
public sealed class ScanoutBoard
{
    private readonly object _gate = new();
    private readonly Slot[] _slots = Enumerable.Range(0, DisplayInfo.MaxScanouts).Select(_ => new Slot()).ToArray();
    private CursorSprite? _cursor;
    private int _cursorScanout = -1;
    private int _cursorX;
    private int _cursorY;
    private bool _cursorVisible;

    /// <summary>Raised on the writer's thread, outside the board's lock, after any change.</summary>
    public event Action? Changed;

    public void SetScanout(int scanoutId, ScanoutSource? source)
    {
        if (!IsValid(scanoutId))
        {
            return;
        }
        ScanoutSource? kept = source;
        if (source is not null && !source.Image.TryAddLease())
        {
            Log.Warning?.Write("display", $"scanout {scanoutId}: its image was already freed; shown as disabled");
            kept = null;
        }
        ScanoutSource? previous;
        lock (_gate)
        {
            Slot slot = _slots[scanoutId];
            previous = slot.Source;
            slot.Source = kept;
            slot.SourceChanged = true;
            slot.Damage = default;
            slot.Dirty = true;
        }
        previous?.Image.ReleaseLease();
        Changed?.Invoke();
    }

    public void Flush(int scanoutId, PixelRect damage)
    {
        if (!IsValid(scanoutId))
        {
            return;
        }
        lock (_gate)
        {
            Slot slot = _slots[scanoutId];
            slot.Damage = slot.Damage.Union(damage);
            slot.Dirty = true;
        }
        Changed?.Invoke();
    }

    public void SetCursor(int scanoutId, CursorImage image, int x, int y)
    {
        var sprite = new CursorSprite(image.Bgra, CursorImage.Size, CursorImage.Size, image.HotX, image.HotY);
        PlaceCursor(scanoutId, sprite, x, y, visible: true);
    }

    public void MoveCursor(int scanoutId, int x, int y, bool visible)
    {
        CursorSprite? sprite;
        lock (_gate)
        {
            sprite = _cursor;
        }
        PlaceCursor(scanoutId, sprite, x, y, visible);
    }

    /// <summary>Forgets every scanout (releasing the board's leases) and the cursor.</summary>
    public void Clear()
    {
        var released = new List<ScanoutSource>();
        lock (_gate)
        {
            foreach (Slot slot in _slots)
            {
                if (slot.Source is { } source)
                {
                    released.Add(source);
                    slot.Source = null;
                    slot.SourceChanged = true;
                    slot.Dirty = true;
                }
                slot.Damage = default;
            }
            if (_cursorScanout >= 0)
            {
                _slots[_cursorScanout].Dirty = true;
            }
            _cursor = null;
            _cursorScanout = -1;
            _cursorVisible = false;
        }
        foreach (ScanoutSource source in released)
        {
            source.Image.ReleaseLease();
        }
        Changed?.Invoke();
    }

    /// <summary>Hands the consumer what changed on <paramref name="scanoutId"/> and marks it seen.</summary>
    public ScanoutUpdate TakeUpdate(int scanoutId)
    {
        lock (_gate)
        {
            Slot slot = _slots[scanoutId];
            if (!slot.Dirty)
            {
                return ScanoutUpdate.None;
            }
            bool sourceChanged = slot.SourceChanged;
            // The board holds its own lease while the source is set, so this one cannot fail.
            if (sourceChanged && slot.Source is { } source && !source.Image.TryAddLease())
            {
                throw new InvalidOperationException("scanout image freed while the board held a lease");
            }
            var update = new ScanoutUpdate(true, sourceChanged, slot.Source, slot.Damage, CursorOn(scanoutId));
            slot.Dirty = false;
            slot.SourceChanged = false;
            slot.Damage = default;
            return update;
        }
    }

    private void PlaceCursor(int scanoutId, CursorSprite? sprite, int x, int y, bool visible)
    {
        if (!IsValid(scanoutId))
        {
            return;
        }
        lock (_gate)
        {
            if (_cursorScanout >= 0)
            {
                _slots[_cursorScanout].Dirty = true;
            }
            _cursor = sprite;
            _cursorScanout = scanoutId;
            _cursorX = x;
            _cursorY = y;
            _cursorVisible = visible;
            _slots[scanoutId].Dirty = true;
        }
        Changed?.Invoke();
    }

    private CursorPlacement? CursorOn(int scanoutId) =>
        _cursorVisible && _cursorScanout == scanoutId && _cursor is { } sprite
            ? new CursorPlacement(sprite, _cursorX, _cursorY)
            : null;

    private static bool IsValid(int scanoutId)
    {
        if ((uint)scanoutId < DisplayInfo.MaxScanouts)
        {
            return true;
        }
        Log.Warning?.Write("display", $"scanout id {scanoutId} out of range; ignored");
        return false;
    }

    private sealed class Slot
    {
        public ScanoutSource? Source { get; set; }

        public bool SourceChanged { get; set; }

        public PixelRect Damage { get; set; }

        public bool Dirty { get; set; }
    }
}
