using VhostGpu.EndToEnd.Processes;

namespace VhostGpu.EndToEnd.Backends;

/// <summary>
/// A vhost-user-gpu back-end program started the way QEMU's vhost-user.rst describes: it listens
/// on --socket-path and QEMU connects. Any back-end command works (ours or QEMU's reference).
/// </summary>
public sealed class BackendProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private BackendProcess(ChildProcess process, string socketPath)
    {
        Process = process;
        SocketPath = socketPath;
    }

    public ChildProcess Process { get; }

    public string SocketPath { get; }

    /// <summary>Starts the back-end and returns once its socket accepts connections.</summary>
    public static async Task<BackendProcess> StartAsync(BackendCommand command, string socketPath, string logPath)
    {
        ChildProcess process = ChildProcess.Start(
            command.Program, [.. command.Arguments, $"--socket-path={socketPath}"], logPath);
        BackendProcess backend = new(process, socketPath);
        DateTime deadline = DateTime.UtcNow + StartTimeout;
        while (!ListeningSocket.Exists(socketPath))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                string state = process.Describe();
                backend.Dispose();
                throw new InvalidOperationException(
                    $"back-end {command.Name} is not listening on {socketPath}: {state}; its last words: " +
                    string.Join(" | ", process.ErrorLines.TakeLast(5)));
            }

            await Task.Delay(20);
        }

        return backend;
    }

    public void Dispose() => Process.Dispose();
}
