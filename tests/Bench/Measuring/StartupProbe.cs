using VhostGpu.Bench.Process;
using VhostGpu.Interop;

namespace VhostGpu.Bench.Measuring;

/// <summary>
/// Start-up cost of a back-end: time from process start until its listening socket exists, and
/// its resident memory once it has sat idle (listening, nothing connected) for a while. A final
/// connection proves the socket really listens.
/// </summary>
public static class StartupProbe
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(500);

    public static StartupResult Measure(BackendCommand command, int round)
    {
        try
        {
            using var backend = BackendProcess.Start(command, RunSettings.StartTimeout);
            double listeningMs = backend.TimeToSocket.TotalMilliseconds;
            Thread.Sleep(IdleWait);
            double idleRss = backend.Usage().ResidentBytes / 1e6;
            using var probe = backend.Connect(RunSettings.StartTimeout);
            return new StartupResult(command.Label, round, listeningMs, idleRss, null);
        }
        catch (Exception e) when (e is InvalidOperationException or NativeException)
        {
            return new StartupResult(command.Label, round, 0, 0, e.Message);
        }
    }
}
