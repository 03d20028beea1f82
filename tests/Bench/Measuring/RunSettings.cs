namespace VhostGpu.Bench.Measuring;

/// <summary>How long each measurement runs.</summary>
public sealed record RunSettings(TimeSpan Warmup, TimeSpan Duration, long MaxOperations, int Rounds)
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
}
