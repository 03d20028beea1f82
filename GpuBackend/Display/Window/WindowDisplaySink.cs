using VhostGpu.Diagnostics;
using VhostGpu.Rendering.Windowing;

namespace VhostGpu.Display.Window;

/// <summary>
/// Shows every enabled scanout in its own window, drawn with OpenGL on a window thread of its
/// own. A window's size is the mode the guest is offered: after the user resizes it (and stops
/// for <see cref="ResizeSettleTime"/>), <see cref="PreferredModesChanged"/> asks the device to
/// tell the guest. S or F12 saves a screenshot; closing a window raises <see cref="Closed"/>.
/// GLFW and GL are loaded only here, when a window is asked for.
/// </summary>
public sealed class WindowDisplaySink : BoardDisplaySink
{
    public static readonly TimeSpan ResizeSettleTime = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(16);
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(250);

    private readonly string _screenshotDirectory;
    private readonly string? _x11Display;
    private readonly object _wakeGate = new();
    private readonly ManualResetEventSlim _started = new(false);
    private readonly Thread _thread;
    private GlfwSession? _session;
    private string? _startError;
    private volatile bool _stopping;

    private WindowDisplaySink(PreferredModes modes, string? screenshotDirectory, string? x11Display)
        : base(modes)
    {
        _screenshotDirectory = screenshotDirectory ?? Environment.CurrentDirectory;
        _x11Display = x11Display;
        _thread = new Thread(Run) { Name = "windows", IsBackground = true };
    }

    /// <summary>The user resized a window; <see cref="PreferredModes"/> holds the new size. Raised on the window thread.</summary>
    public event Action? PreferredModesChanged;

    /// <summary>The user closed a window (all windows are gone when this is raised). Raised on the window thread.</summary>
    public event Action? Closed;

    /// <summary>
    /// Opens the windows (one per enabled scanout, at its preferred size) on <paramref name="x11Display"/>
    /// (null: $DISPLAY). Null with the reason when there is no window system, GLFW or GL.
    /// </summary>
    public static WindowDisplaySink? TryOpen(PreferredModes modes, string? screenshotDirectory, string? x11Display, out string? error)
    {
        var sink = new WindowDisplaySink(modes, screenshotDirectory, x11Display);
        sink._thread.Start();
        sink._started.Wait();
        error = sink._startError;
        if (error is null)
        {
            return sink;
        }
        sink._thread.Join();
        return null;
    }

    protected override void StopConsuming()
    {
        _stopping = true;
        Wake();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private void Wake()
    {
        lock (_wakeGate)
        {
            _session?.WakeUp();
        }
    }

    private void Run()
    {
        GlfwSession? session = GlfwSession.TryStart(_x11Display, out string? error);
        if (session is null)
        {
            _startError = error;
            _started.Set();
            return;
        }
        var windows = new List<ScanoutWindow>();
        foreach (int scanoutId in Modes.Enabled)
        {
            ScanoutWindow? window = ScanoutWindow.TryOpen(session, scanoutId, Modes.SizeOf(scanoutId), out error);
            if (window is null)
            {
                _startError = error;
                break;
            }
            windows.Add(window);
        }
        if (_startError is not null)
        {
            windows.ForEach(w => w.Dispose());
            session.Dispose();
            _started.Set();
            return;
        }
        lock (_wakeGate)
        {
            _session = session;
        }
        Board.Changed += Wake;
        Log.Info?.Write("window", $"{windows.Count} window(s) open for scanout(s) {string.Join(", ", windows.Select(w => w.ScanoutId))}");
        _started.Set();
        bool closed = Loop(session, windows);
        Board.Changed -= Wake;
        lock (_wakeGate)
        {
            _session = null;
        }
        windows.ForEach(w => w.Dispose());
        session.Dispose();
        if (closed)
        {
            Log.Info?.Write("window", "window closed by the user");
            Closed?.Invoke();
        }
    }

    /// <summary>Runs until the sink is disposed (false) or the user closes a window (true).</summary>
    private bool Loop(GlfwSession session, List<ScanoutWindow> windows)
    {
        bool closeRequested = false;
        var resizedAt = new Dictionary<int, (int Width, int Height, long At)>();
        foreach (ScanoutWindow window in windows)
        {
            window.Window.CloseRequested += () => closeRequested = true;
            window.Window.FramebufferResized += (w, h) => resizedAt[window.ScanoutId] = (w, h, Environment.TickCount64);
            window.Window.KeyPressed += key => OnKey(window, key);
        }
        long nextFrame = 0;
        while (!_stopping && !closeRequested)
        {
            long now = Environment.TickCount64;
            bool waiting = resizedAt.Count > 0 || now < nextFrame;
            session.WaitEvents(waiting ? FrameInterval : IdleWait);
            now = Environment.TickCount64;
            foreach (ScanoutWindow window in windows)
            {
                window.Apply(Board.TakeUpdate(window.ScanoutId));
            }
            if (now >= nextFrame && DrawChanged(windows))
            {
                nextFrame = now + (long)FrameInterval.TotalMilliseconds;
            }
            windows.ForEach(w => w.Tick(now));
            OfferSettledSizes(resizedAt, now);
        }
        return closeRequested;
    }

    /// <summary>Draws every window with something new; true when any did.</summary>
    private static bool DrawChanged(List<ScanoutWindow> windows)
    {
        bool drew = false;
        foreach (ScanoutWindow window in windows)
        {
            drew |= window.DrawIfNeeded();
        }
        return drew;
    }

    private void OfferSettledSizes(Dictionary<int, (int Width, int Height, long At)> resizedAt, long now)
    {
        bool changed = false;
        foreach ((int scanoutId, (int width, int height, long at)) in resizedAt.ToArray())
        {
            if (now - at < ResizeSettleTime.TotalMilliseconds)
            {
                continue;
            }
            resizedAt.Remove(scanoutId);
            if (width > 0 && height > 0 && Modes.TrySet(scanoutId, width, height))
            {
                Log.Info?.Write("window", $"scanout {scanoutId}: window is {width}x{height}; offering it to the guest");
                changed = true;
            }
        }
        if (changed)
        {
            PreferredModesChanged?.Invoke();
        }
    }

    private void OnKey(ScanoutWindow window, int key)
    {
        if (key is not (GlfwKey.S or GlfwKey.F12))
        {
            return;
        }
        try
        {
            string? path = window.SaveScreenshot(_screenshotDirectory);
            Log.Info?.Write("window", path is null
                ? $"scanout {window.ScanoutId}: no screenshot of a minimised window"
                : $"scanout {window.ScanoutId}: screenshot saved to {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning?.Write("window", $"scanout {window.ScanoutId}: screenshot not saved: {e.Message}");
        }
    }
}
