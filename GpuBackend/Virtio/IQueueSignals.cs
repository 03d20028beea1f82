namespace VhostGpu.Virtio;

/// <summary>The outward edges of one queue, provided by whoever runs it (the vhost-user session).</summary>
public interface IQueueSignals
{
    /// <summary>Interrupts the driver (writes the call eventfd).</summary>
    void NotifyDriver();

    /// <summary>Reports a ring error to the front-end (writes the error eventfd).</summary>
    void ReportError();

    /// <summary>Thread-safe: wakes the queue's worker so the device processes the queue again.</summary>
    void RequestProcessing();
}
