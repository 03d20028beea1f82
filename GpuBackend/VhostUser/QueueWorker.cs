using VhostGpu.Diagnostics;
using VhostGpu.Interop;

namespace VhostGpu.VhostUser;

/// <summary>
/// The thread that serves one started vring: it sleeps in epoll on the ring's kick eventfd and its
/// own wake eventfd, and runs the ring's processing after each wake-up. It owns the kick fd from
/// start to exit, so a stuck device handler can never see its descriptors closed under it.
/// Without a kick fd (NOFD) it polls the ring instead, backing off while the ring stays idle.
/// </summary>
internal sealed class QueueWorker
{
    private const ulong KickTag = 1;
    private const ulong WakeTag = 2;

    private readonly Vring _ring;
    private readonly EventFd? _kick;
    private readonly PollBackoff? _poll;
    private readonly EventFd _wake = EventFd.Create();
    private readonly Epoll _epoll = new();
    private readonly Thread _thread;
    private readonly object _wakeGate = new();
    private volatile bool _stopping;
    private bool _exited;

    private QueueWorker(Vring ring, EventFd? kick)
    {
        _ring = ring;
        _kick = kick;
        _poll = kick == null ? new PollBackoff() : null;
        _thread = new Thread(Run) { IsBackground = true, Name = $"vring {ring.Index}" };
    }

    /// <summary>
    /// Starts serving on <paramref name="kick"/>, or by polling when it is null; null (kick fd
    /// closed) when epoll refuses the descriptor, e.g. it is not pollable.
    /// </summary>
    public static QueueWorker? TryStart(Vring ring, EventFd? kick, out string? error)
    {
        var worker = new QueueWorker(ring, kick);
        int errno = 0;
        if ((kick != null && !worker._epoll.TryAdd(kick.Descriptor, KickTag, out errno)) || !worker._epoll.TryAdd(worker._wake.Descriptor, WakeTag, out errno))
        {
            error = $"kick fd cannot be polled: {Errno.Describe(errno)}";
            worker.ReleaseDescriptors();
            return null;
        }
        error = null;
        worker._thread.Start();
        return worker;
    }

    /// <summary>Thread-safe: makes the worker process the ring once more.</summary>
    public void Wake()
    {
        lock (_wakeGate)
        {
            if (!_exited)
            {
                _wake.Signal();
            }
        }
    }

    /// <summary>
    /// Asks the worker to finish (it tells the device the queue is stopping on its way out) and
    /// waits up to <paramref name="timeout"/>. False when a device handler is stuck; the thread then
    /// exits and releases its descriptors whenever the handler returns.
    /// </summary>
    public bool Stop(TimeSpan timeout)
    {
        _stopping = true;
        Wake();
        if (Thread.CurrentThread == _thread)
        {
            return true;
        }
        if (_thread.Join(timeout))
        {
            return true;
        }
        Log.Error?.Write("vhost-user", $"vring {_ring.Index}: device handler still busy after {timeout.TotalMilliseconds} ms; leaving the worker to exit on its own");
        return false;
    }

    private void Run()
    {
        Span<ulong> ready = stackalloc ulong[2];
        try
        {
            // A ring that starts with work already queued is served without waiting for a kick.
            _poll?.Observe(_ring.Process());
            while (!_stopping)
            {
                int n = _epoll.Wait(ready, _poll?.IntervalMs ?? -1);
                for (int i = 0; i < n; i++)
                {
                    (ready[i] == KickTag ? _kick! : _wake).Consume();
                }
                if (!_stopping)
                {
                    bool progressed = _ring.Process();
                    _poll?.Observe(progressed);
                }
            }
            _ring.NotifyStopping();
        }
        finally
        {
            ReleaseDescriptors();
        }
    }

    private void ReleaseDescriptors()
    {
        lock (_wakeGate)
        {
            _exited = true;
            _epoll.Dispose();
            _wake.Dispose();
            _kick?.Dispose();
        }
    }
}
