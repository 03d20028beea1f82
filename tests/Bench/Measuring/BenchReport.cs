namespace VhostGpu.Bench.Measuring;

/// <summary>Everything one benchmark run found, as the table, the JSON file and the chart present it.</summary>
public sealed record BenchReport(
    DateTime StartedUtc,
    MachineInfo Machine,
    double LoadAverageBefore,
    double LoadAverageAfter,
    IReadOnlyList<BackendInfo> Backends,
    int Rounds,
    double SecondsPerRound,
    double WarmupSeconds,
    IReadOnlyList<MemcpyFigure> Memcpy,
    IReadOnlyList<Summary> Summaries,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<StartupSummary> Startup,
    IReadOnlyList<StartupResult> StartupRuns)
{
    public bool AllValid => Measurements.All(m => m.IsValid) && StartupRuns.All(s => s.Error is null);
}

public sealed record BackendInfo(string Label, string Command);

/// <summary>memcpy of one operation's bytes on this machine, as operations and megabytes per second.</summary>
public sealed record MemcpyFigure(string Workload, long BytesPerOperation, double OperationsPerSecond, double MegabytesPerSecond);

public sealed record StartupSummary(string Backend, int ValidRuns, double ListeningMs, double IdleRssMegabytes);
