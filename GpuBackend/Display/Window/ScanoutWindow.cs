using Silk.NET.OpenGL;
using VhostGpu.Diagnostics;
using VhostGpu.Rendering.Gl;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;
using VhostGpu.Rendering.Scene;
using VhostGpu.Rendering.Windowing;

namespace VhostGpu.Display.Window;

/// <summary>
/// One scanout in its own window: a GL context with a presenter, the lease on the image it shows,
/// and the title (scanout, guest mode, frames per second). All calls on the window thread.
/// </summary>
internal sealed class ScanoutWindow : IDisposable
{
    private readonly GlfwWindow _window;
    private readonly GL _gl;
    private readonly QuadProgram _quad;
    private readonly ScanoutPresenter _presenter;
    private readonly FrameRateCounter _frameRate = new();
    private ScanoutSource? _shown;
    private CursorPlacement? _cursor;
    private bool _needsDraw = true;
    private string _title = "";

    private ScanoutWindow(int scanoutId, GlfwWindow window, GL gl)
    {
        ScanoutId = scanoutId;
        _window = window;
        _gl = gl;
        _quad = new QuadProgram(gl);
        _presenter = new ScanoutPresenter(gl, _quad);
        window.FramebufferResized += (_, _) => _needsDraw = true;
        UpdateTitle();
    }

    public int ScanoutId { get; }

    public GlfwWindow Window => _window;

    public static ScanoutWindow? TryOpen(GlfwSession session, int scanoutId, (int Width, int Height) size, out string? error)
    {
        GlfwWindow? window = session.TryCreateWindow(size.Width, size.Height, $"VhostGpu scanout {scanoutId}", out error);
        if (window is null)
        {
            return null;
        }
        window.MakeCurrent();
        GlfwWindow.SetSwapInterval(0);
        return new ScanoutWindow(scanoutId, window, session.LoadGl());
    }

    /// <summary>Takes in what changed on the scanout: a new source is uploaded whole, otherwise only the damage.</summary>
    public void Apply(ScanoutUpdate update)
    {
        if (!update.Dirty)
        {
            return;
        }
        _window.MakeCurrent();
        if (update.SourceChanged)
        {
            _shown?.Image.ReleaseLease();
            _shown = update.Source;
            _presenter.Show(_shown?.Image, _shown?.Rect ?? default);
            UpdateTitle();
        }
        else if (!update.Damage.IsEmpty)
        {
            _presenter.Upload(update.Damage);
        }
        _cursor = update.Cursor;
        _presenter.SetCursor(_cursor?.Sprite);
        _needsDraw = true;
    }

    /// <summary>Draws and swaps when something changed since the last frame; true when it did.</summary>
    public bool DrawIfNeeded()
    {
        if (!_needsDraw)
        {
            return false;
        }
        _needsDraw = false;
        Draw();
        _window.SwapBuffers();
        _frameRate.Tick();
        return true;
    }

    /// <summary>Refreshes the frame rate in the title once per measuring period.</summary>
    public void Tick(long now)
    {
        if (_frameRate.Update(now))
        {
            UpdateTitle();
        }
    }

    /// <summary>Saves what the window shows as a PNG in <paramref name="directory"/>; returns its path, or null while minimised.</summary>
    public string? SaveScreenshot(string directory)
    {
        (int width, int height) = Draw();
        if (width <= 0 || height <= 0)
        {
            return null;
        }
        BgraFrame frame = FramebufferReader.Read(_gl, width, height);
        System.IO.Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"viewer-scanout-{ScanoutId}-{DateTime.Now:yyyyMMdd-HHmmss-fff}.png");
        PngFile.Save(frame, path);
        return path;
    }

    public void Dispose()
    {
        _window.MakeCurrent();
        _presenter.Dispose();
        _quad.Dispose();
        _gl.Dispose();
        _window.Dispose();
        _shown?.Image.ReleaseLease();
        _shown = null;
    }

    private (int Width, int Height) Draw()
    {
        _window.MakeCurrent();
        (int width, int height) = _window.FramebufferSize;
        if (width > 0 && height > 0)
        {
            _presenter.Draw(width, height, _cursor is { } c ? (c.X, c.Y) : null);
        }
        return (width, height);
    }

    private void UpdateTitle()
    {
        string mode = _presenter.Mode is (int w, int h) ? $"{w}x{h}" : "disabled";
        string title = $"VhostGpu - scanout {ScanoutId} - {mode} - {_frameRate.Rate:0.0} fps";
        if (title != _title)
        {
            _title = title;
            _window.SetTitle(title);
            Log.Debug?.Write("window", title);
        }
    }
}
