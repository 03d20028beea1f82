using System.Runtime.InteropServices;

namespace VhostGpu.Rendering.Gl.Egl;

/// <summary>
/// The few libEGL entry points a surfaceless context needs. The library is resolved on the first
/// call, so a process that never asks for headless GL never needs libEGL.
/// </summary>
internal static unsafe partial class EglNative
{
    private const string Library = "libEGL.so.1";

    public const uint PlatformSurfacelessMesa = 0x31DD;
    public const uint OpenGlApi = 0x30A2;
    public const int None = 0x3038;
    public const int ContextMajorVersion = 0x3098;
    public const int ContextMinorVersion = 0x30FB;
    public const int ContextOpenGlProfileMask = 0x30FD;
    public const int ContextOpenGlCoreProfileBit = 0x1;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint eglGetProcAddress(string name);

    [LibraryImport(Library)]
    public static partial nint eglGetPlatformDisplay(uint platform, nint nativeDisplay, nint* attributes);

    [LibraryImport(Library)]
    public static partial uint eglInitialize(nint display, out int major, out int minor);

    [LibraryImport(Library)]
    public static partial uint eglBindAPI(uint api);

    [LibraryImport(Library)]
    public static partial nint eglCreateContext(nint display, nint config, nint shareContext, int* attributes);

    [LibraryImport(Library)]
    public static partial uint eglMakeCurrent(nint display, nint draw, nint read, nint context);

    [LibraryImport(Library)]
    public static partial uint eglDestroyContext(nint display, nint context);

    [LibraryImport(Library)]
    public static partial uint eglTerminate(nint display);

    [LibraryImport(Library)]
    public static partial uint eglReleaseThread();

    [LibraryImport(Library)]
    public static partial int eglGetError();

    /// <summary>Creates a core-profile context of at least <paramref name="major"/>.<paramref name="minor"/> with no config (EGL_KHR_no_config_context).</summary>
    public static nint CreateCoreContext(nint display, int major, int minor)
    {
        int* attributes = stackalloc int[]
        {
            ContextMajorVersion, major,
            ContextMinorVersion, minor,
            ContextOpenGlProfileMask, ContextOpenGlCoreProfileBit,
            None,
        };
        // SAFETY: the attribute list is None-terminated and lives on this frame for the whole call.
        return eglCreateContext(display, 0, 0, attributes);
    }

    public static nint GetSurfacelessDisplay()
    {
        // SAFETY: a null attribute list is allowed by EGL_EXT_platform_base.
        return eglGetPlatformDisplay(PlatformSurfacelessMesa, 0, null);
    }
}
