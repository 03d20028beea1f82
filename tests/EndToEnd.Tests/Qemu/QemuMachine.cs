using System.Net.Sockets;
using VhostGpu.EndToEnd.Guest;
using VhostGpu.EndToEnd.Processes;

namespace VhostGpu.EndToEnd.Qemu;

/// <summary>
/// A running QEMU with the test guest: its process, the guest's serial console and QMP. QEMU
/// connects to sockets the test listens on, so both exist before the guest starts to boot.
/// </summary>
public sealed class QemuMachine : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _socketDirectory;

    private QemuMachine(ChildProcess process, DirectoryInfo socketDirectory)
    {
        Process = process;
        _socketDirectory = socketDirectory;
    }

    public ChildProcess Process { get; }

    public GuestConsole Console { get; private set; } = null!;

    public QmpClient Qmp { get; private set; } = null!;

    public static string Program => Environment.GetEnvironmentVariable("QEMU") ?? "qemu-system-x86_64";

    public static async Task<QemuMachine> StartAsync(TestGuest guest, string backendSocket, string logDirectory)
    {
        // Short paths: a unix socket path has to fit 108 bytes.
        DirectoryInfo sockets = Directory.CreateTempSubdirectory("vgpu-e2e-");
        string serialPath = Path.Combine(sockets.FullName, "serial.sock");
        string qmpPath = Path.Combine(sockets.FullName, "qmp.sock");
        using Socket serialListener = Listen(serialPath);
        using Socket qmpListener = Listen(qmpPath);

        ChildProcess process = ChildProcess.Start(
            Program, QemuCommandLine.For(guest, backendSocket, serialPath, qmpPath), Path.Combine(logDirectory, "qemu.log"));
        QemuMachine machine = new(process, sockets);
        try
        {
            Socket serial = await AcceptAsync(serialListener, process);
            machine.Console = new GuestConsole(serial, Path.Combine(logDirectory, "serial.log"));
            machine.Qmp = await QmpClient.ConnectAsync(await AcceptAsync(qmpListener, process));
            return machine;
        }
        catch
        {
            await machine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks QEMU to quit, then ends it by pid if it does not.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Qmp is not null && !Process.HasExited)
        {
            try
            {
                await Qmp.ExecuteAsync("quit").WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception exception) when (exception is QmpException or TimeoutException or IOException)
            {
                // QEMU is hung or gone; the kill below ends it.
            }

            Process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        Qmp?.Dispose();
        Process.Dispose();
        Console?.Dispose();
        _socketDirectory.Delete(recursive: true);
    }

    private static Socket Listen(string path)
    {
        Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        return listener;
    }

    private static async Task<Socket> AcceptAsync(Socket listener, ChildProcess qemu)
    {
        using CancellationTokenSource deadline = new(ConnectTimeout);
        Task<Socket> accept = listener.AcceptAsync(deadline.Token).AsTask();
        while (!accept.IsCompleted)
        {
            if (qemu.HasExited)
            {
                throw new InvalidOperationException(
                    $"QEMU exited during start-up: {string.Join(" | ", qemu.ErrorLines)} ({qemu.Describe()})");
            }

            await Task.WhenAny(accept, Task.Delay(50));
        }

        try
        {
            return await accept;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"QEMU did not connect to {listener.LocalEndPoint} within {ConnectTimeout.TotalSeconds} s");
        }
    }
}
