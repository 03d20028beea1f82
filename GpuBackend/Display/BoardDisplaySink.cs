namespace VhostGpu.Display;

/// <summary>
/// A display VhostGpu draws itself: the device's calls land on a <see cref="ScanoutBoard"/>,
/// queries are answered at once from <see cref="PreferredModes"/>. Subclasses consume the board.
/// </summary>
public abstract class BoardDisplaySink : IDisplaySink
{
    protected BoardDisplaySink(PreferredModes modes)
    {
        Modes = modes;
    }

    public PreferredModes Modes { get; }

    protected ScanoutBoard Board { get; } = new();

    public void SetScanout(int scanoutId, ScanoutSource? source) => Board.SetScanout(scanoutId, source);

    public void Flush(int scanoutId, Rendering.Imaging.PixelRect damage) => Board.Flush(scanoutId, damage);

    public void SetCursor(int scanoutId, CursorImage image, int x, int y) => Board.SetCursor(scanoutId, image, x, y);

    public void MoveCursor(int scanoutId, int x, int y, bool visible) => Board.MoveCursor(scanoutId, x, y, visible);

    public void QueryDisplayInfo(Action<DisplayInfo?> completion) => completion(Modes.ToDisplayInfo());

    public void QueryEdid(int scanoutId, Action<byte[]?> completion) => completion(Modes.Edid(scanoutId));

    public void Reset() => Board.Clear();

    public void Dispose()
    {
        StopConsuming();
        Board.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Ends the consumer (its thread, its leases) before the board lets go of its own.</summary>
    protected abstract void StopConsuming();
}
