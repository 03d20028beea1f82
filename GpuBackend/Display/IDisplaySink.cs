using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display;

/// <summary>
/// Where the device's scanouts go: QEMU's console (vhost-user-gpu socket), a window, or PNG files.
/// The device calls it from its queue threads; implementations are thread-safe and never block
/// the caller on I/O (they queue work for their own threads).
/// </summary>
public interface IDisplaySink : IDisposable
{
    /// <summary>The scanout now shows <paramref name="source"/>, or is disabled when null. Nothing visible changes until a flush.</summary>
    void SetScanout(int scanoutId, ScanoutSource? source);

    /// <summary><paramref name="damage"/> (scanout coordinates, non-empty, inside the scanout) has new pixels.</summary>
    void Flush(int scanoutId, PixelRect damage);

    /// <summary>Defines the cursor image and shows it at (x, y) on the scanout.</summary>
    void SetCursor(int scanoutId, CursorImage image, int x, int y);

    /// <summary>Moves the cursor; hides it when <paramref name="visible"/> is false.</summary>
    void MoveCursor(int scanoutId, int x, int y, bool visible);

    /// <summary>
    /// Asks for the display's preferred modes. <paramref name="completion"/> runs exactly once,
    /// possibly synchronously or on another thread, with the modes or null when the display could
    /// not answer (the caller then answers the guest with an error).
    /// </summary>
    void QueryDisplayInfo(Action<DisplayInfo?> completion);

    /// <summary>Asks for the EDID of a scanout; completion as for <see cref="QueryDisplayInfo"/>.</summary>
    void QueryEdid(int scanoutId, Action<byte[]?> completion);

    /// <summary>The device was reset: forget every scanout and the cursor.</summary>
    void Reset();
}
