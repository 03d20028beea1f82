using VhostGpu.Diagnostics;
using VhostGpu.Rendering.Cpu;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;
using VhostGpu.Rendering.Scene;

namespace VhostGpu.Display;

/// <summary>
/// Keeps DIR/scanout-N.png showing what scanout N shows (the CPU compositor's picture at the
/// scanout's own size, black at the preferred size while disabled), on its own thread. Bursts of
/// updates are coalesced: at most one file per scanout every <see cref="MinimumInterval"/>, and the
/// last state is always written, also when the writer stops.
/// </summary>
public sealed class ScreenshotWriter : IDisposable
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    private readonly ScanoutBoard _board;
    private readonly PreferredModes _modes;
    private readonly AutoResetEvent _wake = new(false);
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly ScanoutSource?[] _shown = new ScanoutSource?[DisplayInfo.MaxScanouts];
    private readonly CursorPlacement?[] _cursors = new CursorPlacement?[DisplayInfo.MaxScanouts];
    private readonly bool[] _written = new bool[DisplayInfo.MaxScanouts];
    private readonly bool[] _failing = new bool[DisplayInfo.MaxScanouts];
    private readonly Thread _thread;

    public ScreenshotWriter(ScanoutBoard board, PreferredModes modes, string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        Directory = System.IO.Path.GetFullPath(directory);
        _board = board;
        _modes = modes;
        _board.Changed += OnChanged;
        _thread = new Thread(Run) { Name = "screenshots", IsBackground = true };
        _thread.Start();
    }

    public string Directory { get; }

    /// <summary>The file that shows scanout <paramref name="scanoutId"/>.</summary>
    public static string PathFor(string directory, int scanoutId) =>
        System.IO.Path.Combine(directory, $"scanout-{scanoutId}.png");

    public void Dispose()
    {
        if (_stop.IsSet)
        {
            return;
        }
        _board.Changed -= OnChanged;
        _stop.Set();
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
        _stop.Dispose();
    }

    private void OnChanged() => _wake.Set();

    private void Run()
    {
        while (true)
        {
            _wake.WaitOne();
            bool stopping = _stop.IsSet;
            bool wrote = WriteChangedScanouts();
            if (stopping)
            {
                break;
            }
            if (wrote)
            {
                _stop.Wait(MinimumInterval);
            }
        }
        for (int i = 0; i < _shown.Length; i++)
        {
            _shown[i]?.Image.ReleaseLease();
            _shown[i] = null;
        }
    }

    private bool WriteChangedScanouts()
    {
        bool wrote = false;
        for (int id = 0; id < DisplayInfo.MaxScanouts; id++)
        {
            ScanoutUpdate update = _board.TakeUpdate(id);
            if (!update.Dirty)
            {
                continue;
            }
            if (update.SourceChanged)
            {
                _shown[id]?.Image.ReleaseLease();
                _shown[id] = update.Source;
            }
            _cursors[id] = update.Cursor;
            Write(id);
            wrote = true;
        }
        return wrote;
    }

    private void Write(int scanoutId)
    {
        ScanoutScene scene = _shown[scanoutId] is { } shown
            ? new ScanoutScene(shown.Image, shown.Rect, _cursors[scanoutId])
            : ScanoutScene.Disabled;
        BgraFrame frame = CpuCompositor.ComposeNative(scene) ?? BlackAt(_modes.SizeOf(scanoutId));
        string path = PathFor(Directory, scanoutId);
        try
        {
            PngFile.Save(frame, path);
            if (!_written[scanoutId])
            {
                _written[scanoutId] = true;
                Log.Info?.Write("screenshot", $"scanout {scanoutId} is shown in {path}");
            }
            _failing[scanoutId] = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Once per scanout until a write succeeds again: a full disk must not flood the log.
            if (!_failing[scanoutId])
            {
                _failing[scanoutId] = true;
                Log.Warning?.Write("screenshot", $"cannot write {path}: {e.Message}");
            }
        }
    }

    private static BgraFrame BlackAt((int Width, int Height) size)
    {
        var frame = new BgraFrame(size.Width, size.Height);
        frame.ClearToBlack();
        return frame;
    }
}
