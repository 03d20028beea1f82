using System.Diagnostics;
using System.Text;

namespace VhostGpu.TestSupport.FrontEnd;

/// <summary>
/// The real daemon binary (vhost-user-gpu from the GpuBackend build output, copied next to the
/// tests) listening on a socket in a fresh temporary directory. Its stderr log is collected; it is
/// killed on dispose if it is still running.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string? _directory;

    private DaemonProcess(Process process, string? directory, string socketPath)
    {
        _process = process;
        _directory = directory;
        SocketPath = socketPath;
    }

    public static string BinaryPath => Path.Combine(AppContext.BaseDirectory, "vhost-user-gpu");

    public string SocketPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the daemon with --socket-path in a fresh temporary directory (plus <paramref name="extraArgs"/>) and waits for its socket.</summary>
    public static DaemonProcess Start(params string[] extraArgs)
    {
        string directory = Directory.CreateTempSubdirectory("vhostgpu-").FullName;
        return Listening(directory, Path.Combine(directory, "gpu.sock"), extraArgs);
    }

    /// <summary>Starts the daemon listening at <paramref name="socketPath"/> (the caller owns the directory).</summary>
    public static DaemonProcess StartAt(string socketPath, params string[] extraArgs) => Listening(null, socketPath, extraArgs);

    /// <summary>Starts the daemon serving the inherited, already connected socket <paramref name="fd"/> (--fd).</summary>
    public static DaemonProcess StartOnFd(int fd)
    {
        var daemon = new DaemonProcess(Launch(["--fd", fd.ToString(), "--log-level", "debug"]), null, "");
        daemon.CollectLog();
        return daemon;
    }

    private static DaemonProcess Listening(string? directory, string socket, string[] extraArgs)
    {
        var daemon = new DaemonProcess(Launch(["--socket-path", socket, "--log-level", "debug", .. extraArgs]), directory, socket);
        daemon.CollectLog();
        var deadline = Stopwatch.StartNew();
        // The daemon logs once it listens; a stale socket file may exist before that.
        while (!daemon.Log.Contains("listening on", StringComparison.Ordinal))
        {
            if (daemon.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                string log = daemon.Log;
                daemon.Dispose();
                throw new InvalidOperationException($"daemon did not listen on {socket}:\n{log}");
            }
            Thread.Sleep(20);
        }
        return daemon;
    }

    /// <summary>Runs the binary with <paramref name="args"/> to completion; returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var process = Launch(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(20_000))
        {
            process.Kill();
            throw new TimeoutException($"vhost-user-gpu {string.Join(' ', args)} did not exit");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public bool WaitForExit(int timeoutMs) => _process.WaitForExit(timeoutMs);

    public VhostUserFrontEnd Connect() => VhostUserFrontEnd.Connect(SocketPath);

    /// <summary>
    /// How many descriptors the daemon has open now (/proc/PID/fd), not counting mapped assembly
    /// files: the runtime opens those when it first loads an assembly, and keeps them.
    /// </summary>
    public int CountOpenFds() => Directory.GetFileSystemEntries($"/proc/{Pid}/fd")
        .Count(p => new FileInfo(p).LinkTarget is not { } target || !target.EndsWith(".dll", StringComparison.Ordinal));

    /// <summary>The daemon's open descriptors and what they point to, for failure messages.</summary>
    public string DescribeOpenFds() => string.Join("\n", Directory.GetFileSystemEntries($"/proc/{Pid}/fd")
        .Select(p => $"{Path.GetFileName(p)} -> {new FileInfo(p).LinkTarget}"));

    /// <summary>Polls until the daemon's fd count is at most <paramref name="expected"/>; returns the last count seen.</summary>
    public int WaitForFdCount(int expected, int timeoutMs = 10_000)
    {
        var deadline = Stopwatch.StartNew();
        int count;
        while ((count = CountOpenFds()) > expected && deadline.ElapsedMilliseconds < timeoutMs)
        {
            Thread.Sleep(20);
        }
        return count;
    }

    /// <summary>Waits until the log contains <paramref name="text"/> <paramref name="occurrences"/> times.</summary>
    public bool WaitForLog(string text, int occurrences = 1, int timeoutMs = 10_000)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.ElapsedMilliseconds < timeoutMs)
        {
            if (CountInLog(text) >= occurrences)
            {
                return true;
            }
            Thread.Sleep(20);
        }
        return false;
    }

    public int CountInLog(string text)
    {
        string log = Log;
        int count = 0;
        for (int at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    /// <summary>Sends SIGTERM and waits for the exit; false when it did not exit in time.</summary>
    public bool Terminate(int timeoutMs = 10_000)
    {
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString()]))
        {
            kill.WaitForExit();
        }
        return _process.WaitForExit(timeoutMs);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        if (_directory != null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static Process Launch(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"cannot start {BinaryPath}");
    }

    private void CollectLog()
    {
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (_log)
                {
                    _log.AppendLine(e.Data);
                }
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }
}
