using System.Diagnostics;
using VhostGpu.Bench.Process;
using VhostGpu.Bench.Session;
using VhostGpu.Bench.Workloads;

namespace VhostGpu.Bench.Measuring;

/// <summary>
/// Measures one back-end on one workload: a fresh process (so its peak RSS belongs to this
/// workload), QEMU's handshake, the workload's set-up, a warm-up, then steps for the set duration
/// while the back-end's CPU time is sampled from /proc before and after.
/// </summary>
public static class WorkloadRunner
{
    private const int StampsPerRect = 64;
    private const ulong QueueAndSlotBytes = 2 << 20;

    public static Measurement Measure(BackendCommand command, Workload workload, RunSettings settings, int round)
    {
        try
        {
            using var backend = BackendProcess.Start(command, RunSettings.StartTimeout);
            try
            {
                return Run(backend, command, workload, settings, round);
            }
            catch (Exception e) when (e is BenchFailure or IOException or TimeoutException or InvalidOperationException or InvalidDataException)
            {
                string log = backend.LogTail;
                return Measurement.Failed(command.Label, workload.Name, round, log.Length == 0 ? e.Message : $"{e.Message}\n{log}");
            }
        }
        catch (InvalidOperationException e)
        {
            return Measurement.Failed(command.Label, workload.Name, round, e.Message);
        }
    }

    private static Measurement Run(BackendProcess backend, BackendCommand command, Workload workload, RunSettings settings, int round)
    {
        ulong ram = AlignUp(workload.GuestBytes + QueueAndSlotBytes, 2 << 20);
        using var session = BenchSession.Open(backend.Connect(RunSettings.StartTimeout), ram, workload.DisplayWidth, workload.DisplayHeight);
        workload.Setup(session);
        var recorder = new StepRecorder(new PixelStamp(StampsPerRect));
        RunFor(session, workload, recorder, settings.Warmup, long.MaxValue);
        recorder.Reset();
        var before = backend.Usage();
        long start = Stopwatch.GetTimestamp();
        RunFor(session, workload, recorder, settings.Duration, settings.MaxOperations);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var after = backend.Usage();
        var latencies = recorder.LatenciesMs;
        // Wrong pixels during the warm-up void the measurement too.
        int failures = recorder.Stamp.Failures;
        return new Measurement(
            command.Label,
            workload.Name,
            round,
            seconds,
            recorder.Operations,
            recorder.Operations / seconds,
            recorder.DeliveredBytes / seconds / 1e6,
            Percentile.Of(latencies, 50),
            Percentile.Of(latencies, 99),
            Percentile.Of(latencies, 100),
            after.CpuSeconds - before.CpuSeconds,
            after.PeakResidentBytes / 1e6,
            failures,
            failures > 0 ? recorder.Stamp.FirstFailure : null);
    }

    private static void RunFor(BenchSession session, Workload workload, StepRecorder recorder, TimeSpan duration, long maxOperations)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration && recorder.Operations < maxOperations)
        {
            workload.Step(session, recorder);
        }
    }

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
}
