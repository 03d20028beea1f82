namespace VhostGpu.Bench.Measuring;

/// <summary>Medians over the valid rounds of one back-end on one workload, and how close it came to memcpy.</summary>
public sealed record Summary(
    string Backend,
    string Workload,
    string OperationName,
    int ValidRounds,
    int Rounds,
    double OperationsPerSecond,
    double MegabytesPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double LatencyMaxMs,
    double CpuSeconds,
    double CpuMillisecondsPerOperation,
    double PeakRssMegabytes,
    double ShareOfMemcpy,
    string? FirstError)
{
    public static Summary Of(string backend, string workload, string operationName, IReadOnlyList<Measurement> rounds, double memcpyOperationsPerSecond)
    {
        var valid = rounds.Where(m => m.IsValid).ToList();
        double Median(Func<Measurement, double> f) => Percentile.Median(valid.Select(f).ToList());
        double ops = Median(m => m.OperationsPerSecond);
        return new Summary(
            backend,
            workload,
            operationName,
            valid.Count,
            rounds.Count,
            ops,
            Median(m => m.MegabytesPerSecond),
            Median(m => m.LatencyP50Ms),
            Median(m => m.LatencyP99Ms),
            Median(m => m.LatencyMaxMs),
            Median(m => m.CpuSeconds),
            Median(m => m.CpuMillisecondsPerOperation),
            Median(m => m.PeakRssMegabytes),
            memcpyOperationsPerSecond > 0 ? ops / memcpyOperationsPerSecond : 0,
            rounds.FirstOrDefault(m => !m.IsValid)?.Error);
    }
}
