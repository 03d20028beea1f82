using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace VhostGpu.Rendering.Windowing;

/// <summary>A GLFW window with its GL context. Events are raised from <see cref="GlfwSession.PollEvents"/>.</summary>
public sealed unsafe class GlfwWindow : IDisposable
{
    private static readonly ConcurrentDictionary<nint, GlfwWindow> ByHandle = new();
    private readonly GlfwSession _session;
    private nint _handle;

    internal GlfwWindow(nint handle, GlfwSession session)
    {
        _handle = handle;
        _session = session;
        ByHandle[handle] = this;
        // SAFETY: the callbacks are static UnmanagedCallersOnly methods, valid for the process lifetime.
        GlfwNative.glfwSetKeyCallback(handle, &OnKey);
        GlfwNative.glfwSetWindowCloseCallback(handle, &OnClose);
        GlfwNative.glfwSetFramebufferSizeCallback(handle, &OnFramebufferSize);
    }

    /// <summary>A key went down (GLFW key code, see <see cref="GlfwKey"/>).</summary>
    public event Action<int>? KeyPressed;

    /// <summary>The user asked to close the window (the window stays until disposed).</summary>
    public event Action? CloseRequested;

    /// <summary>The drawable size changed (pixels).</summary>
    public event Action<int, int>? FramebufferResized;

    public bool CloseWasRequested => GlfwNative.glfwWindowShouldClose(Handle) != 0;

    public (int Width, int Height) FramebufferSize
    {
        get
        {
            GlfwNative.glfwGetFramebufferSize(Handle, out int width, out int height);
            return (width, height);
        }
    }

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(GlfwWindow));

    public void MakeCurrent() => GlfwNative.glfwMakeContextCurrent(Handle);

    /// <summary>Sets the swap interval of the current context (0: do not wait for vertical blank).</summary>
    public static void SetSwapInterval(int interval) => GlfwNative.glfwSwapInterval(interval);

    public void SwapBuffers() => GlfwNative.glfwSwapBuffers(Handle);

    public void SetTitle(string title) => GlfwNative.glfwSetWindowTitle(Handle, title);

    public void Resize(int width, int height) => GlfwNative.glfwSetWindowSize(Handle, width, height);

    public void Dispose()
    {
        if (_handle == 0)
        {
            return;
        }
        ByHandle.TryRemove(_handle, out _);
        GlfwNative.glfwDestroyWindow(_handle);
        _handle = 0;
        _session.Forget(this);
    }

    [UnmanagedCallersOnly]
    private static void OnKey(nint window, int key, int scancode, int action, int mods)
    {
        if (action == GlfwNative.KeyPress && ByHandle.TryGetValue(window, out GlfwWindow? target))
        {
            target.KeyPressed?.Invoke(key);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnClose(nint window)
    {
        if (ByHandle.TryGetValue(window, out GlfwWindow? target))
        {
            target.CloseRequested?.Invoke();
        }
    }

    [UnmanagedCallersOnly]
    private static void OnFramebufferSize(nint window, int width, int height)
    {
        if (ByHandle.TryGetValue(window, out GlfwWindow? target))
        {
            target.FramebufferResized?.Invoke(width, height);
        }
    }
}
