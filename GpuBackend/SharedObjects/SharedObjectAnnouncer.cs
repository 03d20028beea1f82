using VhostGpu.Diagnostics;
using VhostGpu.VhostUser;

namespace VhostGpu.SharedObjects;

/// <summary>
/// Sends SHARED_OBJECT_ADD / REMOVE on the back-end channel from the thread pool, one at a time
/// and in the order they were asked for. The ack wait happens here, never on a queue worker that
/// holds the device lock nor on the protocol thread: the front-end does not ack while it waits for
/// a reply on the main socket, and that reply may need the worker.
/// </summary>
public sealed class SharedObjectAnnouncer
{
    private readonly object _gate = new();
    private readonly Queue<Announcement> _pending = new();
    private bool _sending;

    /// <summary>Queues an ADD; <paramref name="settled"/> gets whether the front-end accepted it (any thread).</summary>
    public void Add(IBackendChannel channel, Guid uuid, Action<bool> settled) =>
        Enqueue(new Announcement(channel, uuid, true, settled));

    /// <summary>Queues a REMOVE.</summary>
    public void Remove(IBackendChannel channel, Guid uuid) =>
        Enqueue(new Announcement(channel, uuid, false, null));

    /// <summary>Waits until everything queued so far has been sent (each send is bounded by the channel's ack timeout).</summary>
    public void WaitUntilSent()
    {
        lock (_gate)
        {
            while (_sending)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    private void Enqueue(Announcement announcement)
    {
        lock (_gate)
        {
            _pending.Enqueue(announcement);
            if (_sending)
            {
                return;
            }
            _sending = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(_ => SendAll(), null);
    }

    private void SendAll()
    {
        while (true)
        {
            Announcement next;
            lock (_gate)
            {
                if (!_pending.TryDequeue(out next!))
                {
                    _sending = false;
                    Monitor.PulseAll(_gate);
                    return;
                }
            }
            Send(next);
        }
    }

    private static void Send(Announcement a)
    {
        bool accepted = a.IsAdd ? a.Channel.AddSharedObject(a.Uuid) : a.Channel.RemoveSharedObject(a.Uuid);
        string message = a.IsAdd ? "SHARED_OBJECT_ADD" : "SHARED_OBJECT_REMOVE";
        if (accepted)
        {
            // Delivered: acked when REPLY_ACK is negotiated, written otherwise.
            Log.Info?.Write("shared-objects", $"{message} {a.Uuid} delivered");
        }
        else
        {
            Log.Warning?.Write("shared-objects", $"{message} {a.Uuid} not taken by the front-end");
        }
        a.Settled?.Invoke(accepted);
    }

    private sealed record Announcement(IBackendChannel Channel, Guid Uuid, bool IsAdd, Action<bool>? Settled);
}
