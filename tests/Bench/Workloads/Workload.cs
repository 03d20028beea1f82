using VhostGpu.Bench.Session;

namespace VhostGpu.Bench.Workloads;

/// <summary>
/// One thing a guest does to its display, repeated step by step in a closed loop (the next step is
/// submitted once the previous one's commands came back and its pixels reached the display, as
/// the Linux driver waits on its transfer fence). A step may contain several operations.
/// </summary>
public abstract class Workload
{
    public abstract string Name { get; }

    /// <summary>What one operation is, for "per second" figures: frames, rectangles, cursor commands.</summary>
    public abstract string OperationName { get; }

    public abstract int DisplayWidth { get; }

    public abstract int DisplayHeight { get; }

    /// <summary>Guest pixel bytes one operation carries (for the memcpy comparison).</summary>
    public abstract long BytesPerOperation { get; }

    /// <summary>Guest RAM the workload needs besides the queues' slots.</summary>
    public abstract ulong GuestBytes { get; }

    public abstract void Setup(BenchSession session);

    /// <summary>Runs one step and records its operations, latencies and delivered bytes.</summary>
    public abstract void Step(BenchSession session, StepRecorder recorder);
}
