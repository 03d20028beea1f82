using System.Diagnostics;
using VhostGpu.Interop;

namespace VhostGpu.Bench.Process;

/// <summary>
/// One back-end process under measurement: started with <c>--socket-path</c> in a fresh temporary
/// directory, considered up once a socket file exists at that path, killed by its pid on dispose. The tail of its stderr is kept for error reports.
/// </summary>
public sealed class BackendProcess : IDisposable
{
    private const int KeptLogLines = 40;

    private readonly System.Diagnostics.Process _process;
    private readonly string _directory;
    private readonly Queue<string> _log = new();

    private BackendProcess(System.Diagnostics.Process process, string directory, string socketPath)
    {
        _process = process;
        _directory = directory;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>From just before the process was started until its socket file appeared (bind and listen are back to back in both back-ends).</summary>
    public TimeSpan TimeToSocket { get; private set; }

    public string LogTail
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    public static BackendProcess Start(BackendCommand command, TimeSpan timeout)
    {
        string directory = Directory.CreateTempSubdirectory("vhostgpu-bench-").FullName;
        string socket = Path.Combine(directory, "gpu.sock");
        var info = new ProcessStartInfo(command.Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in command.Arguments)
        {
            info.ArgumentList.Add(a);
        }
        info.ArgumentList.Add("--socket-path");
        info.ArgumentList.Add(socket);
        long start = Stopwatch.GetTimestamp();
        var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException($"cannot start {command}");
        var backend = new BackendProcess(process, directory, socket);
        backend.CollectLog();
        while (!UnixSocket.IsSocketFile(socket))
        {
            if (process.HasExited || Stopwatch.GetElapsedTime(start) > timeout)
            {
                string what = process.HasExited
                    ? $"{command} exited with status {process.ExitCode} before creating its socket"
                    : $"{command} did not create its socket within {timeout.TotalSeconds:0} s";
                string log = backend.LogTail;
                backend.Dispose();
                throw new InvalidOperationException($"{what}:\n{log}");
            }
            Thread.Sleep(TimeSpan.FromMicroseconds(200));
        }
        backend.TimeToSocket = Stopwatch.GetElapsedTime(start);
        return backend;
    }

    public ProcessUsage Usage() => ProcessUsage.Read(Pid);

    /// <summary>
    /// Connects to the socket, retrying while the back-end has bound but not yet listens. Note that
    /// QEMU's back-end serves exactly one connection.
    /// </summary>
    public FileDescriptor Connect(TimeSpan timeout)
    {
        long since = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                return UnixSocket.Connect(SocketPath);
            }
            catch (NativeException) when (Stopwatch.GetElapsedTime(since) < timeout && !HasExited)
            {
                Thread.Sleep(TimeSpan.FromMicroseconds(200));
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        // The untimed wait also lets the stdout/stderr readers reach end of file, so no pipe outlives us.
        if (_process.WaitForExit(10_000))
        {
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void CollectLog()
    {
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > KeptLogLines)
            {
                _log.Dequeue();
            }
        }
    }
}
