namespace VhostGpu.Bench.Measuring;

/// <summary>The figures of one back-end running one workload once (one round).</summary>
public sealed record Measurement(
    string Backend,
    string Workload,
    int Round,
    double Seconds,
    long Operations,
    double OperationsPerSecond,
    double MegabytesPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double LatencyMaxMs,
    double CpuSeconds,
    double PeakRssMegabytes,
    int VerificationFailures,
    string? Error)
{
    public bool IsValid => Error is null && VerificationFailures == 0 && Operations > 0;

    public double CpuMillisecondsPerOperation => Operations > 0 ? CpuSeconds * 1000 / Operations : 0;

    public static Measurement Failed(string backend, string workload, int round, string error) =>
        new(backend, workload, round, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, error);
}
