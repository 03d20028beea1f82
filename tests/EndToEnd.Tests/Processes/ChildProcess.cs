using System.Diagnostics;

namespace VhostGpu.EndToEnd.Processes;

/// <summary>
/// A program the test started, with stdout and stderr collected line by line into a log file.
/// Disposing ends it by its pid if it still runs, so a failing test leaves nothing behind.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<string> _errorLines = [];
    private readonly object _gate = new();
    private bool _closed;

    private ChildProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public string LogPath { get; private init; } = "";

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the program wrote to stderr so far.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _errorLines];
            }
        }
    }

    public static ChildProcess Start(string program, IEnumerable<string> arguments, string logPath)
    {
        ProcessStartInfo start = new(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        StreamWriter log = new(logPath) { AutoFlush = true };
        log.WriteLine($"$ {program} {string.Join(' ', start.ArgumentList)}");
        Process process = new() { StartInfo = start };
        ChildProcess child = new(process, log) { LogPath = logPath };
        process.OutputDataReceived += (_, line) => child.Record(line.Data, isError: false);
        process.ErrorDataReceived += (_, line) => child.Record(line.Data, isError: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public string Describe() => HasExited ? $"pid {Id} exited with {ExitCode} (log: {LogPath})" : $"pid {Id} running (log: {LogPath})";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        else
        {
            // Lets the asynchronous readers drain what the program wrote last.
            _process.WaitForExit();
        }

        lock (_gate)
        {
            _log.WriteLine(_process.HasExited ? $"[exit code {_process.ExitCode}]" : "[did not exit after SIGKILL]");
            _log.Dispose();
            _closed = true;
        }

        _process.Dispose();
    }

    private void Record(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (isError)
            {
                _errorLines.Add(line);
            }

            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
