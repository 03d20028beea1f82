using Silk.NET.OpenGL;

namespace VhostGpu.Rendering.Gl.Egl;

/// <summary>
/// An OpenGL 3.3 core context with no window and no surface (Mesa's surfaceless EGL platform);
/// draw into a <see cref="OffscreenTarget"/>. Current on the creating thread only.
/// </summary>
public sealed class EglHeadlessContext : IDisposable
{
    private readonly nint _display;
    private nint _context;

    private EglHeadlessContext(nint display, nint context, GL gl)
    {
        _display = display;
        _context = context;
        Gl = gl;
    }

    public GL Gl { get; }

    /// <summary>Creates and makes current a context; null with a reason when EGL or the driver is missing.</summary>
    public static EglHeadlessContext? TryCreate(out string? error)
    {
        try
        {
            return Create(out error);
        }
        catch (DllNotFoundException e)
        {
            error = $"libEGL is not installed ({e.Message})";
            return null;
        }
        catch (EntryPointNotFoundException e)
        {
            error = $"libEGL lacks an entry point ({e.Message})";
            return null;
        }
    }

    private static EglHeadlessContext? Create(out string? error)
    {
        nint display = EglNative.GetSurfacelessDisplay();
        if (display == 0 || EglNative.eglInitialize(display, out _, out _) == 0)
        {
            error = $"no surfaceless EGL display (EGL error 0x{EglNative.eglGetError():X})";
            return null;
        }
        nint context = 0;
        if (EglNative.eglBindAPI(EglNative.OpenGlApi) != 0)
        {
            context = EglNative.CreateCoreContext(display, 3, 3);
        }
        if (context == 0 || EglNative.eglMakeCurrent(display, 0, 0, context) == 0)
        {
            error = $"no OpenGL 3.3 core context (EGL error 0x{EglNative.eglGetError():X})";
            if (context != 0)
            {
                EglNative.eglDestroyContext(display, context);
            }
            EglNative.eglTerminate(display);
            return null;
        }
        error = null;
        return new EglHeadlessContext(display, context, GL.GetApi(EglNative.eglGetProcAddress));
    }

    public void Dispose()
    {
        if (_context == 0)
        {
            return;
        }
        Gl.Dispose();
        // The display is shared by every context of the process, so it stays initialised.
        EglNative.eglMakeCurrent(_display, 0, 0, 0);
        EglNative.eglDestroyContext(_display, _context);
        EglNative.eglReleaseThread();
        _context = 0;
    }
}
