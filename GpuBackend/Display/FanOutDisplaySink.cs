using VhostGpu.Diagnostics;
using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display;

/// <summary>
/// Shows the scanouts on a primary display and on observers (e.g. QEMU's console plus PNG
/// screenshots). Only the primary answers queries and takes QEMU's display socket.
/// </summary>
public sealed class FanOutDisplaySink : IDisplaySink, IDisplayChannelSink
{
    private readonly IDisplaySink _primary;
    private readonly IReadOnlyList<IDisplaySink> _observers;

    public FanOutDisplaySink(IDisplaySink primary, IReadOnlyList<IDisplaySink> observers)
    {
        _primary = primary;
        _observers = observers;
    }

    public IDisplaySink Primary => _primary;

    public void SetScanout(int scanoutId, ScanoutSource? source) => Each(sink => sink.SetScanout(scanoutId, source));

    public void Flush(int scanoutId, PixelRect damage) => Each(sink => sink.Flush(scanoutId, damage));

    public void SetCursor(int scanoutId, CursorImage image, int x, int y) => Each(sink => sink.SetCursor(scanoutId, image, x, y));

    public void MoveCursor(int scanoutId, int x, int y, bool visible) => Each(sink => sink.MoveCursor(scanoutId, x, y, visible));

    public void QueryDisplayInfo(Action<DisplayInfo?> completion) => _primary.QueryDisplayInfo(completion);

    public void QueryEdid(int scanoutId, Action<byte[]?> completion) => _primary.QueryEdid(scanoutId, completion);

    public void Reset() => Each(sink => sink.Reset());

    public void AttachSocket(FileDescriptor socket)
    {
        if (_primary is IDisplayChannelSink channelSink)
        {
            channelSink.AttachSocket(socket);
            return;
        }
        Log.Info?.Write("display", $"the {_primary.GetType().Name} display does not use QEMU's display socket; closed it");
        socket.Dispose();
    }

    public void Dispose() => Each(sink => sink.Dispose());

    private void Each(Action<IDisplaySink> action)
    {
        action(_primary);
        foreach (IDisplaySink observer in _observers)
        {
            action(observer);
        }
    }
}
