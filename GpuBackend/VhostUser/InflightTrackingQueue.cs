using VhostGpu.Memory;
using VhostGpu.Virtio;

namespace VhostGpu.VhostUser;

/// <summary>
/// A started queue whose pops and completions are recorded in the shared inflight area. Requests
/// an earlier back-end left in flight are handed out first, oldest first, before anything new
/// from the avail ring (vhost-user.rst "Inflight I/O tracking").
/// </summary>
internal sealed class InflightTrackingQueue : IVirtqueue
{
    private readonly SplitQueue _queue;
    private readonly InflightQueueRegion _region;
    private readonly LinkedList<ushort> _resubmit;

    public InflightTrackingQueue(SplitQueue queue, InflightQueueRegion region, IReadOnlyList<ushort> resubmit)
    {
        _queue = queue;
        _region = region;
        _resubmit = new LinkedList<ushort>(resubmit);
        if (resubmit.Count != 0)
        {
            queue.SkipTakenEntries((ushort)resubmit.Count);
        }
    }

    public int Index => _queue.Index;

    public IGuestMemory Memory => _queue.Memory;

    public bool TryPop(out DescriptorChain chain)
    {
        if (_resubmit.First is { } oldest)
        {
            if (!_queue.TryTakeInflight(oldest.Value, out chain))
            {
                return false;
            }
            _resubmit.RemoveFirst();
            return true;
        }
        if (!_queue.TryPop(out chain))
        {
            return false;
        }
        _region.MarkInflight(chain.Head);
        return true;
    }

    public void Push(DescriptorChain chain, uint bytesWritten)
    {
        ushort head = chain.Head;
        _region.BeginCompletion(head);
        _queue.Push(chain, bytesWritten);
        _region.EndCompletion(head);
    }

    public void Unpop(DescriptorChain chain)
    {
        if (chain.Resubmitted)
        {
            // Still in flight in the area; it is next again.
            _resubmit.AddFirst(chain.Head);
        }
        else
        {
            _region.Clear(chain.Head);
        }
        _queue.Unpop(chain);
    }

    public void NotifyIfNeeded() => _queue.NotifyIfNeeded();

    public void RequestProcessing() => _queue.RequestProcessing();
}
