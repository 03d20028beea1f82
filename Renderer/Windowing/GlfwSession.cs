using Silk.NET.OpenGL;

namespace VhostGpu.Rendering.Windowing;

/// <summary>
/// GLFW from glfwInit to glfwTerminate. One per process at a time; every call (except
/// <see cref="WakeUp"/>) on the thread that started it.
/// </summary>
public sealed class GlfwSession : IDisposable
{
    private static int _active;
    private readonly List<GlfwWindow> _windows = [];
    private bool _disposed;

    private GlfwSession()
    {
    }

    /// <summary>
    /// Starts GLFW on <paramref name="x11Display"/> (null: $DISPLAY). Null with a reason when
    /// libglfw is missing or no display can be opened — the caller falls back, it does not crash.
    /// </summary>
    public static GlfwSession? TryStart(string? x11Display, out string? error)
    {
        if (Interlocked.Exchange(ref _active, 1) == 1)
        {
            error = "GLFW is already started in this process";
            return null;
        }
        try
        {
            if (x11Display is not null)
            {
                NativeEnvironment.Set("DISPLAY", x11Display);
            }
            if (GlfwNative.glfwInit() != GlfwNative.True)
            {
                error = $"glfwInit failed ({GlfwNative.LastError() ?? "no reason given"})";
                Volatile.Write(ref _active, 0);
                return null;
            }
            error = null;
            return new GlfwSession();
        }
        catch (DllNotFoundException e)
        {
            error = $"libglfw.so.3 is not installed ({e.Message})";
            Volatile.Write(ref _active, 0);
            return null;
        }
    }

    /// <summary>
    /// Opens a resizable window with an OpenGL 3.3 core context; null with GLFW's reason on failure.
    /// </summary>
    public GlfwWindow? TryCreateWindow(int width, int height, string title, out string? error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        GlfwNative.glfwWindowHint(GlfwNative.ContextVersionMajor, 3);
        GlfwNative.glfwWindowHint(GlfwNative.ContextVersionMinor, 3);
        GlfwNative.glfwWindowHint(GlfwNative.OpenGlProfile, GlfwNative.OpenGlCoreProfile);
        GlfwNative.glfwWindowHint(GlfwNative.OpenGlForwardCompat, GlfwNative.True);
        GlfwNative.glfwWindowHint(GlfwNative.Resizable, GlfwNative.True);
        nint handle = GlfwNative.glfwCreateWindow(width, height, title, 0, 0);
        if (handle == 0)
        {
            error = $"glfwCreateWindow failed ({GlfwNative.LastError() ?? "no reason given"})";
            return null;
        }
        error = null;
        var window = new GlfwWindow(handle, this);
        _windows.Add(window);
        return window;
    }

    /// <summary>Handles pending window events (callbacks run inside).</summary>
    public void PollEvents() => GlfwNative.glfwPollEvents();

    /// <summary>Sleeps until an event arrives, <see cref="WakeUp"/> is called, or the timeout passes.</summary>
    public void WaitEvents(TimeSpan timeout) => GlfwNative.glfwWaitEventsTimeout(timeout.TotalSeconds);

    /// <summary>Ends a <see cref="WaitEvents"/> early. Callable from any thread.</summary>
    public void WakeUp() => GlfwNative.glfwPostEmptyEvent();

    /// <summary>Loads OpenGL for the window whose context is current.</summary>
    public GL LoadGl() => GL.GetApi(GlfwNative.glfwGetProcAddress);

    internal void Forget(GlfwWindow window) => _windows.Remove(window);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (GlfwWindow window in _windows.ToArray())
        {
            window.Dispose();
        }
        GlfwNative.glfwTerminate();
        Volatile.Write(ref _active, 0);
    }
}
