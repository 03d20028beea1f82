using System.Diagnostics;
using VhostGpu.EndToEnd.Backends;
using VhostGpu.EndToEnd.Guest;
using VhostGpu.EndToEnd.Imaging;
using VhostGpu.EndToEnd.Qemu;

namespace VhostGpu.EndToEnd;

/// <summary>
/// One back-end serving one QEMU with the test guest, and the steps the tests are made of: boot,
/// draw, compare QEMU's screen with what the guest drew, pause, resume, reset. Logs, screendumps
/// and difference images go to artifacts/e2e/&lt;name&gt;/.
/// </summary>
public sealed class GuestDisplaySession : IAsyncDisposable
{
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan DrawTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ScreenTimeout = TimeSpan.FromSeconds(20);

    private readonly Action<string> _log;
    private int _screendumps;

    private GuestDisplaySession(TestGuest guest, BackendProcess backend, QemuMachine qemu, string directory, Action<string> log)
    {
        Guest = guest;
        Backend = backend;
        Qemu = qemu;
        LogDirectory = directory;
        _log = log;
    }

    public TestGuest Guest { get; }

    public BackendProcess Backend { get; }

    public QemuMachine Qemu { get; }

    public string LogDirectory { get; }

    public static async Task<GuestDisplaySession> StartAsync(BackendCommand command, string name, Action<string> log)
    {
        TestGuest guest = TestGuest.Instance;
        string directory = Path.Combine(RepositoryLayout.ArtifactsDirectory, name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        string socketPath = Path.Combine(Path.GetTempPath(), $"vgpu-{command.Name}-{Environment.ProcessId}.sock");
        File.Delete(socketPath);
        BackendProcess backend = await BackendProcess.StartAsync(command, socketPath, Path.Combine(directory, "backend.log"));
        try
        {
            QemuMachine qemu = await QemuMachine.StartAsync(guest, socketPath, directory);
            log($"{command.Name}: back-end pid {backend.Process.Id}, QEMU pid {qemu.Process.Id}, logs in {directory}");
            return new GuestDisplaySession(guest, backend, qemu, directory, log);
        }
        catch
        {
            backend.Dispose();
            File.Delete(socketPath);
            throw;
        }
    }

    /// <summary>Waits until the guest has its framebuffer; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForBootAsync()
    {
        Stopwatch boot = Stopwatch.StartNew();
        GuestFramebuffer framebuffer = await Qemu.Console.WaitForReadyAsync(BootTimeout);
        if (framebuffer != new GuestFramebuffer(Guest.Width, Guest.Height, Guest.Stride, 32))
        {
            throw new GuestException($"guest framebuffer {framebuffer}, the test images are {Guest.Width}x{Guest.Height} stride {Guest.Stride}");
        }

        _log($"guest framebuffer ready after {boot.Elapsed.TotalSeconds:F1} s: {framebuffer}");
        return boot.Elapsed;
    }

    public Task DrawAsync(string pattern) => Qemu.Console.DrawAsync(pattern, DrawTimeout);

    /// <summary>
    /// Takes screendumps until QEMU's console shows <paramref name="pattern"/> exactly or the time
    /// is up (the guest's damage flush and the back-end's update are asynchronous). Returns the
    /// last difference; when it is not empty the expected, actual and diff images are saved.
    /// </summary>
    public async Task<ImageDifference> WaitForScreenAsync(string pattern, TimeSpan timeout)
    {
        RgbImage expected = Guest.ImageOf(pattern);
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            string dumpPath = Path.Combine(LogDirectory, $"screen-{++_screendumps:D3}-{pattern}.ppm");
            await Qemu.Qmp.ScreendumpAsync(dumpPath);
            ImageDifference difference = ImageDifference.Between(expected, PpmFile.Read(dumpPath));
            if (difference.IsEmpty)
            {
                _log($"screen shows '{pattern}' after {elapsed.Elapsed.TotalSeconds:F1} s");
                File.Delete(dumpPath);
                return difference;
            }

            if (elapsed.Elapsed > timeout)
            {
                PpmFile.Write(Path.Combine(LogDirectory, $"expected-{pattern}.ppm"), expected);
                PpmFile.Write(Path.Combine(LogDirectory, $"diff-{pattern}.ppm"), difference.ToDiffImage());
                _log($"screen does not show '{pattern}' after {timeout.TotalSeconds} s: {difference} (actual: {dumpPath})");
                return difference;
            }

            File.Delete(dumpPath);
            await Task.Delay(250);
        }
    }

    public async Task AssertScreenShowsAsync(string pattern)
    {
        ImageDifference difference = await WaitForScreenAsync(pattern, ScreenTimeout);
        Assert.True(difference.IsEmpty, $"QEMU's screen does not show '{pattern}': {difference}. Files in {LogDirectory}");
    }

    public async Task DrawAndAssertAsync(string pattern)
    {
        await DrawAsync(pattern);
        await AssertScreenShowsAsync(pattern);
    }

    public async Task PauseAndResumeAsync()
    {
        await Qemu.Qmp.ExecuteAsync("stop");
        await Qemu.Qmp.ExecuteAsync("cont");
        _log("paused and resumed the VM (QMP stop, cont)");
    }

    public async Task ResetAsync()
    {
        await Qemu.Qmp.ExecuteAsync("system_reset");
        _log("reset the VM (QMP system_reset)");
    }

    public async ValueTask DisposeAsync()
    {
        await Qemu.DisposeAsync();
        Backend.Dispose();
        File.Delete(Backend.SocketPath);
    }
}
