using VhostGpu.Interop;
using VhostGpu.Virtio;

namespace VhostGpu.TestSupport.Guest;

/// <summary>
/// A queue's call, error and wake-up eventfds as a front-end holds them: the queue writes them,
/// the test reads the counters back like QEMU's irqfd and error handler would.
/// </summary>
public sealed class EventFdQueueSignals : IQueueSignals, IDisposable
{
    public EventFd Call { get; } = EventFd.Create();

    public EventFd Error { get; } = EventFd.Create();

    public EventFd Wake { get; } = EventFd.Create();

    public void NotifyDriver() => Call.Signal();

    public void ReportError() => Error.Signal();

    public void RequestProcessing() => Wake.Signal();

    public void Dispose()
    {
        Call.Dispose();
        Error.Dispose();
        Wake.Dispose();
    }
}
