using VhostGpu.Gpu.Wire;
using VhostGpu.Virtio;

namespace VhostGpu.Gpu;

/// <summary>
/// A control command whose response waits for something outside the device: the display's answer
/// (GET_DISPLAY_INFO, GET_EDID) or the front-end's ack of a shared object (RESOURCE_ASSIGN_UUID).
/// The queue is parked meanwhile. The completion may come on any thread: it only records the
/// answer and wakes the queue's worker, which writes the response. Once the command is abandoned
/// (its chain given back to the ring) a late completion wakes nobody.
/// </summary>
internal abstract class ParkedCommand(IVirtqueue queue, DescriptorChain chain, ControlHeader header)
{
    private volatile bool _abandoned;

    public DescriptorChain Chain { get; } = chain;

    public ControlHeader Header { get; } = header;

    public ControlType Type => (ControlType)Header.Type;

    public abstract bool IsAnswered { get; }

    public void Abandon() => _abandoned = true;

    /// <summary>
    /// Writes the response body after the header into zeroed <paramref name="response"/>; returns
    /// the result type for the header and the response length. Worker thread, device lock held.
    /// </summary>
    public abstract (ResponseType Result, int Length) Encode(GpuState state, Span<byte> response);

    protected void Wake()
    {
        if (!_abandoned)
        {
            queue.RequestProcessing();
        }
    }
}
