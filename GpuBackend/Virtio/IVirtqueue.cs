using VhostGpu.Memory;

namespace VhostGpu.Virtio;

/// <summary>
/// What a device sees of one started virtqueue while it processes it. All calls except
/// <see cref="RequestProcessing"/> are made on the queue's worker thread, inside
/// <c>IVhostUserDevice.ProcessQueue</c> or <c>QueueStopping</c>.
/// </summary>
public interface IVirtqueue
{
    int Index { get; }

    /// <summary>Guest memory as mapped now; do not keep it beyond the current call.</summary>
    IGuestMemory Memory { get; }

    /// <summary>
    /// Takes the next available chain. False when the ring is empty, the queue is disabled or it
    /// is broken (a malformed chain: the queue logs it, signals the error eventfd and stops).
    /// </summary>
    bool TryPop(out DescriptorChain chain);

    /// <summary>Returns a finished chain to the driver with the number of bytes written into it.</summary>
    void Push(DescriptorChain chain, uint bytesWritten);

    /// <summary>
    /// Gives back the most recently popped chain unprocessed (it will be popped again), for a
    /// command parked waiting on the display when the queue is stopped.
    /// </summary>
    void Unpop(DescriptorChain chain);

    /// <summary>Interrupts the driver if the used ring moved and the suppression rules allow it.</summary>
    void NotifyIfNeeded();

    /// <summary>Thread-safe: asks the worker to call the device's ProcessQueue again soon (e.g. when a parked command can now complete).</summary>
    void RequestProcessing();
}
