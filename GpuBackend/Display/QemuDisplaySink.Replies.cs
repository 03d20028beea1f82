using VhostGpu.Diagnostics;
using VhostGpu.Display.Qemu;
using VhostGpu.Interop;

namespace VhostGpu.Display;

/// <summary>The reader thread: QEMU's replies, protocol negotiation, query timeouts, end of stream.</summary>
public sealed partial class QemuDisplaySink
{
    private void ReaderLoop()
    {
        Span<ulong> tags = stackalloc ulong[4];
        var expired = new List<PendingQuery>();
        while (true)
        {
            int timeoutMs;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
                long? deadline = _replies.NextDeadline();
                timeoutMs = deadline is null ? -1 : (int)Math.Clamp(deadline.Value - Environment.TickCount64, 0, ReplyTimeoutMs);
            }
            int ready = _epoll.Wait(tags, timeoutMs);
            for (int i = 0; i < ready; i++)
            {
                if (tags[i] == WakeTag)
                {
                    _wake.Consume();
                }
                else
                {
                    ReadFrom(tags[i]);
                }
            }
            lock (_gate)
            {
                _replies.CollectExpired(Environment.TickCount64, expired);
            }
            foreach (var query in expired)
            {
                Log.Warning?.Write(Component, $"QEMU did not answer {query.Request} within {ReplyTimeoutMs} ms; answering without it");
                query.Fail();
            }
            expired.Clear();
        }
    }

    private void ReadFrom(ulong connectionId)
    {
        GpuSocketConnection? connection;
        lock (_gate)
        {
            connection = _connection?.Id == connectionId ? _connection : null;
        }
        if (connection is null)
        {
            return;
        }
        switch (connection.ReadReply(out var header, out int errno))
        {
            case ReplyStatus.Complete:
                HandleReply(connection, header, connection.ReplyPayload);
                break;
            case ReplyStatus.Closed:
                ConnectionLost(connection, errno == LibcConstants.EPIPE ? "end of stream" : Errno.Describe(errno));
                break;
            case ReplyStatus.Malformed:
                ConnectionLost(connection, $"reply {header.Request} announces {header.PayloadSize} bytes");
                break;
        }
    }

    private void HandleReply(GpuSocketConnection connection, GpuSocketHeader header, ReadOnlySpan<byte> payload)
    {
        if (!header.IsReply)
        {
            Log.Warning?.Write(Component, $"QEMU sent {header.Request} without the reply flag; ignored");
            return;
        }
        if (header.Request == GpuSocketRequest.GetProtocolFeatures)
        {
            Negotiate(connection, payload);
            return;
        }
        var skipped = new List<PendingQuery>();
        PendingQuery? match;
        lock (_gate)
        {
            if (connection != _connection)
            {
                return;
            }
            match = _replies.Match(header.Request, skipped);
        }
        FailAll(skipped);
        if (match is null)
        {
            Log.Warning?.Write(Component, $"reply {header.Request} matches no question; ignored");
            return;
        }
        match.Complete(payload);
    }

    private void Negotiate(GpuSocketConnection connection, ReadOnlySpan<byte> payload)
    {
        if (!ProtocolFeaturesMessage.TryRead(payload, out var offered))
        {
            ConnectionLost(connection, $"GET_PROTOCOL_FEATURES reply of {payload.Length} bytes");
            return;
        }
        var waiting = new List<PendingQuery>();
        var unanswerable = new List<EdidQuery>();
        GpuProtocolFeatures used;
        lock (_gate)
        {
            if (connection != _connection || _negotiated)
            {
                return;
            }
            // DMABUF2 is only worth having with dmabufs, and we send pixels.
            _features = used = offered & GpuProtocolFeatures.Edid;
            _negotiated = true;
            Enqueue(OutboundItem.SetProtocolFeatures(_features));
            Replay();
            _replies.TakeWaiting(waiting);
            foreach (var query in waiting)
            {
                if (!TrySend(query))
                {
                    unanswerable.Add((EdidQuery)query);
                }
            }
        }
        Log.Info?.Write(Component, $"display protocol features: QEMU offers 0x{(ulong)offered:x}, using 0x{(ulong)used:x}");
        foreach (var query in unanswerable)
        {
            query.CompleteLocally(FallbackDisplay.Edid);
        }
    }

    private void ConnectionLost(GpuSocketConnection connection, string reason)
    {
        var failed = new List<PendingQuery>();
        lock (_gate)
        {
            if (connection != _connection)
            {
                return;
            }
            DetachConnection(failed);
            _replies.TakeAll(failed);
        }
        Log.Info?.Write(Component, $"display socket closed ({reason}); scanouts kept for the next socket");
        FailAll(failed);
    }
}
