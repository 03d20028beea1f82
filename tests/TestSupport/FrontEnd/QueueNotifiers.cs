using VhostGpu.Interop;

namespace VhostGpu.TestSupport.FrontEnd;

/// <summary>The kick, call and error eventfds of one queue, as a front-end creates them.</summary>
public sealed class QueueNotifiers : IDisposable
{
    public EventFd Kick { get; } = EventFd.Create();

    public EventFd Call { get; } = EventFd.Create();

    public EventFd Error { get; } = EventFd.Create();

    public void Dispose()
    {
        Kick.Dispose();
        Call.Dispose();
        Error.Dispose();
    }
}
