using VhostGpu.Interop;

namespace VhostGpu.VhostUser;

/// <summary>
/// An eventfd that the front-end may replace at any time (call, error, log-changed) while worker
/// threads signal it: replacing closes the old descriptor only once no signal is using it.
/// </summary>
internal sealed class SignalSlot : IDisposable
{
    private readonly object _gate = new();
    private EventFd? _current;

    /// <summary>Installs <paramref name="next"/> (null = signal nobody) and closes the previous one.</summary>
    public void Replace(EventFd? next)
    {
        EventFd? old;
        lock (_gate)
        {
            old = _current;
            _current = next;
        }
        old?.Dispose();
    }

    /// <summary>Signals the current eventfd, if any; false when a write to it failed.</summary>
    public bool Signal()
    {
        lock (_gate)
        {
            return _current?.Signal() ?? true;
        }
    }

    public void Dispose() => Replace(null);
}
