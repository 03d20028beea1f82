using System.Diagnostics;

namespace VhostGpu.Bench.Workloads;

/// <summary>What the steps of one measurement produced; storage is preallocated so recording allocates nothing per step.</summary>
public sealed class StepRecorder(PixelStamp stamp)
{
    private readonly List<double> _latenciesMs = new(1 << 16);

    public long Operations { get; private set; }

    public long DeliveredBytes { get; private set; }

    public PixelStamp Stamp { get; } = stamp;

    public IReadOnlyList<double> LatenciesMs => _latenciesMs;

    public void Reset()
    {
        _latenciesMs.Clear();
        Operations = 0;
        DeliveredBytes = 0;
    }

    public void Operation(long startTimestamp, long arrivalTimestamp)
    {
        Operations++;
        _latenciesMs.Add((arrivalTimestamp - startTimestamp) * 1000.0 / Stopwatch.Frequency);
    }

    public void Delivered(long bytes) => DeliveredBytes += bytes;
}
