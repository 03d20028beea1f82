using System.Runtime.InteropServices;

namespace VhostGpu.Rendering.Windowing;

/// <summary>
/// Sets a variable in the C library's environment. .NET's own environment block is a copy on
/// Linux, and GLFW reads DISPLAY with getenv, so choosing an X display needs this.
/// </summary>
internal static partial class NativeEnvironment
{
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);

    public static void Set(string name, string value)
    {
        if (SetEnv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        Environment.SetEnvironmentVariable(name, value);
    }
}
