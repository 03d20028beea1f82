using VhostGpu.Display;
using VhostGpu.Gpu.Resources;
using VhostGpu.Gpu.Scanouts;
using VhostGpu.Gpu.Sharing;

namespace VhostGpu.Gpu;

/// <summary>Everything the guest's commands act on. Guarded by the device lock; handlers run inside it.</summary>
internal sealed class GpuState(IDisplaySink sink, long maxHostMemory)
{
    public IDisplaySink Sink { get; } = sink;

    public ResourceTable Resources { get; } = new(new HostMemoryBudget(maxHostMemory));

    public ScanoutTable Scanouts { get; } = new(sink);

    public ResourceExports Exports { get; } = new();

    public GuestErrorLog Errors { get; } = new();

    /// <summary>Destroys all resources, scanouts and the cursor (device reset, disconnect).</summary>
    public void Clear()
    {
        Exports.WithdrawAll();
        Scanouts.Clear();
        Resources.Clear();
        Sink.Reset();
    }
}
