using System.Diagnostics;

namespace VhostGpu.TestSupport.Display;

/// <summary>
/// A private Xvfb on the first free display number from 70 up, ended by its pid on dispose.
/// Free means: no lock file and no socket for that number.
/// </summary>
public sealed class XvfbServer : IDisposable
{
    private readonly Process _process;

    private XvfbServer(Process process, int number)
    {
        _process = process;
        Display = $":{number}";
    }

    /// <summary>The DISPLAY value for clients.</summary>
    public string Display { get; }

    public static XvfbServer Start(int width = 1024, int height = 768)
    {
        for (int number = 70; number < 170; number++)
        {
            string socket = $"/tmp/.X11-unix/X{number}";
            if (File.Exists($"/tmp/.X{number}-lock") || File.Exists(socket))
            {
                continue;
            }
            var process = Process.Start(new ProcessStartInfo("Xvfb", $":{number} -screen 0 {width}x{height}x24 -nolisten tcp")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("Xvfb did not start");
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && !process.HasExited && !File.Exists(socket))
            {
                Thread.Sleep(20);
            }
            if (!process.HasExited && File.Exists(socket))
            {
                return new XvfbServer(process, number);
            }
            // Another Xvfb took the number between our check and its start: try the next one.
            Stop(process);
        }
        throw new InvalidOperationException("no free X display number for Xvfb");
    }

    /// <summary>The X server's own screenshot of the root window (imagemagick import), as a PNG file.</summary>
    public void CaptureRoot(string pngPath)
    {
        using var import = Process.Start(new ProcessStartInfo("import", $"-display {Display} -window root {pngPath}")
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("import did not start");
        if (!import.WaitForExit(30_000))
        {
            import.Kill();
            throw new TimeoutException("import did not finish");
        }
        if (import.ExitCode != 0)
        {
            throw new InvalidOperationException($"import exited with {import.ExitCode}");
        }
    }

    public void Dispose() => Stop(_process);

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }
}
