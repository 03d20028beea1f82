using VhostGpu.Memory;
using VhostGpu.Virtio;

namespace VhostGpu.VhostUser;

/// <summary>A started queue whose pops and completions are recorded in the shared inflight area.</summary>
internal sealed class InflightTrackingQueue(IVirtqueue queue, InflightQueueRegion region) : IVirtqueue
{
    public int Index => queue.Index;

    public IGuestMemory Memory => queue.Memory;

    public bool TryPop(out DescriptorChain chain)
    {
        if (!queue.TryPop(out chain))
        {
            return false;
        }
        region.MarkInflight(chain.Head);
        return true;
    }

    public void Push(DescriptorChain chain, uint bytesWritten)
    {
        ushort head = chain.Head;
        region.BeginCompletion(head);
        queue.Push(chain, bytesWritten);
        region.EndCompletion(head);
    }

    public void Unpop(DescriptorChain chain)
    {
        region.Clear(chain.Head);
        queue.Unpop(chain);
    }

    public void NotifyIfNeeded() => queue.NotifyIfNeeded();

    public void RequestProcessing() => queue.RequestProcessing();
}
