using System.Runtime.InteropServices;

namespace VhostGpu.Rendering.Windowing;

/// <summary>
/// The libglfw.so.3 entry points the viewer uses. Resolved on the first call, so nothing here is
/// loaded unless a window is asked for. GLFW is not thread-safe: one thread makes all calls.
/// </summary>
internal static unsafe partial class GlfwNative
{
    private const string Library = "libglfw.so.3";

    public const int True = 1;
    public const int ContextVersionMajor = 0x00022002;
    public const int ContextVersionMinor = 0x00022003;
    public const int OpenGlProfile = 0x00022008;
    public const int OpenGlCoreProfile = 0x00032001;
    public const int OpenGlForwardCompat = 0x00022006;
    public const int Resizable = 0x00020003;
    public const int KeyPress = 1;

    [LibraryImport(Library)]
    public static partial int glfwInit();

    [LibraryImport(Library)]
    public static partial void glfwTerminate();

    [LibraryImport(Library)]
    public static partial int glfwGetError(out nint description);

    [LibraryImport(Library)]
    public static partial void glfwWindowHint(int hint, int value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint glfwCreateWindow(int width, int height, string title, nint monitor, nint share);

    [LibraryImport(Library)]
    public static partial void glfwDestroyWindow(nint window);

    [LibraryImport(Library)]
    public static partial void glfwMakeContextCurrent(nint window);

    [LibraryImport(Library)]
    public static partial void glfwSwapBuffers(nint window);

    [LibraryImport(Library)]
    public static partial void glfwSwapInterval(int interval);

    [LibraryImport(Library)]
    public static partial void glfwPollEvents();

    [LibraryImport(Library)]
    public static partial void glfwWaitEventsTimeout(double seconds);

    [LibraryImport(Library)]
    public static partial void glfwPostEmptyEvent();

    [LibraryImport(Library)]
    public static partial void glfwGetFramebufferSize(nint window, out int width, out int height);

    [LibraryImport(Library)]
    public static partial void glfwSetWindowSize(nint window, int width, int height);

    [LibraryImport(Library)]
    public static partial int glfwWindowShouldClose(nint window);

    [LibraryImport(Library)]
    public static partial void glfwSetWindowShouldClose(nint window, int value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void glfwSetWindowTitle(nint window, string title);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint glfwGetProcAddress(string name);

    [LibraryImport(Library)]
    public static partial nint glfwSetKeyCallback(nint window, delegate* unmanaged<nint, int, int, int, int, void> callback);

    [LibraryImport(Library)]
    public static partial nint glfwSetWindowCloseCallback(nint window, delegate* unmanaged<nint, void> callback);

    [LibraryImport(Library)]
    public static partial nint glfwSetFramebufferSizeCallback(nint window, delegate* unmanaged<nint, int, int, void> callback);

    /// <summary>GLFW's last error as text, or null.</summary>
    public static string? LastError()
    {
        int code = glfwGetError(out nint description);
        return code == 0 ? null : $"0x{code:X}: {Marshal.PtrToStringUTF8(description)}";
    }
}
