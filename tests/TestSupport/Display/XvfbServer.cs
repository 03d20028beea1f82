using System.Diagnostics;

namespace VhostGpu.TestSupport.Display;

/// <summary>
/// A private Xvfb on the first free display number from 70 up, ended by its pid on dispose
/// (SIGTERM, so it removes its lock file and socket; SIGKILL only if it does not go).
/// Free means: no lock file, or one whose process is gone (Xvfb replaces those itself).
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
            if (IsTaken(number))
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
            while (DateTime.UtcNow < deadline && !process.HasExited && !IsServedBy(number, process.Id))
            {
                Thread.Sleep(20);
            }
            if (!process.HasExited && IsServedBy(number, process.Id) && File.Exists(socket))
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
            using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                kill.WaitForExit();
            }
            if (!process.WaitForExit(5_000))
            {
                process.Kill();
                process.WaitForExit(5_000);
            }
        }
        process.Dispose();
    }

    /// <summary>A lock file names a live process.</summary>
    private static bool IsTaken(int number) => LockOwner(number) is int pid && Directory.Exists($"/proc/{pid}");

    private static bool IsServedBy(int number, int pid) => LockOwner(number) == pid;

    private static int? LockOwner(int number)
    {
        try
        {
            return int.TryParse(File.ReadAllText($"/tmp/.X{number}-lock").Trim(), out int pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
