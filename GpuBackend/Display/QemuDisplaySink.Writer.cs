using VhostGpu.Display.Qemu;
using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display;

/// <summary>
/// Writing to the socket. One thread at a time owns the write side (<see cref="_writing"/>), so
/// messages never interleave and go out in queue order. Usually that is the writer thread, which
/// drains the outbox with blocking sends. When nothing is queued or being written, a small UPDATE
/// or a cursor message is instead sent directly by the thread that asked for it (a queue worker)
/// with one non-blocking send: that saves a thread wake-up per message, which is most of the cost
/// of a cursor move. Whatever the kernel did not take becomes <see cref="_tail"/>, which the writer
/// thread sends before anything else, so a caller never waits for QEMU.
/// </summary>
public sealed partial class QemuDisplaySink
{
    // Under _gate: the write side is owned (by the writer thread or a direct sender), and the rest
    // of a directly sent message that the kernel did not take (it lives in that writer's buffer).
    private bool _writing;
    private ArraySegment<byte> _tail = ArraySegment<byte>.Empty;

    /// <summary>Nothing queued or half-sent and nobody writing: a direct send keeps the order. Under _gate.</summary>
    private bool CanSendDirectly => IsLive && !_writing && _outbox.Count == 0 && _tail.Count == 0;

    private void WriterLoop()
    {
        while (true)
        {
            OutboundItem item = default;
            ArraySegment<byte> tail;
            GpuSocketConnection connection;
            lock (_gate)
            {
                while (!_disposed && (_writing || (_outbox.Count == 0 && _tail.Count == 0)))
                {
                    Monitor.Wait(_gate);
                }
                if (_disposed)
                {
                    return;
                }
                _writing = true;
                tail = _tail;
                _tail = ArraySegment<byte>.Empty;
                if (tail.Count == 0)
                {
                    item = _outbox.Dequeue();
                }
                // Queue and tail are emptied whenever the socket goes, so what is here has one.
                connection = _connection!;
            }
            int rc = tail.Count > 0 ? connection.Send(tail) : item.Kind switch
            {
                OutboundKind.Update => WriteUpdate(connection, item),
                OutboundKind.Scanout => WriteScanout(connection, item.ScanoutId),
                OutboundKind.Cursor => WriteCursor(connection),
                _ => WriteControl(connection, item),
            };
            lock (_gate)
            {
                _writing = false;
            }
            if (rc < 0)
            {
                ConnectionLost(connection, $"send failed: {Errno.Describe(-rc)}");
            }
        }
    }

    private static int WriteControl(GpuSocketConnection connection, OutboundItem item)
    {
        Span<byte> message = stackalloc byte[OutboundItem.MaxControlSize];
        int length = item.WriteControlTo(message);
        return connection.Send(message[..length]);
    }

    private int WriteScanout(GpuSocketConnection connection, int scanoutId)
    {
        (int Width, int Height) mode;
        lock (_gate)
        {
            var scanout = _scanouts[scanoutId];
            if (!scanout.ScanoutQueued)
            {
                return 0;
            }
            scanout.ScanoutQueued = false;
            mode = scanout.QueuedMode;
        }
        Span<byte> message = stackalloc byte[ScanoutMessage.MessageSize];
        new ScanoutMessage((uint)scanoutId, (uint)mode.Width, (uint)mode.Height).WriteMessageTo(message);
        return connection.Send(message);
    }

    private int WriteUpdate(GpuSocketConnection connection, OutboundItem item)
    {
        HostImage image;
        PixelRect sourceRect;
        int count;
        lock (_gate)
        {
            var scanout = _scanouts[item.ScanoutId];
            if (!scanout.TryTakeQueuedUpdate(item.Ticket) || scanout.Source is null)
            {
                return 0;
            }
            count = scanout.Damage.TakeAll(_takenDamage);
            image = scanout.Source.Image;
            sourceRect = scanout.Source.Rect;
            // Our own lease: a SetScanout on another thread may drop the scanout's lease meanwhile.
            if (!image.TryAddLease())
            {
                return 0;
            }
        }
        try
        {
            for (int i = 0; i < count; i++)
            {
                int rc = _updateWriter.Send(connection, item.ScanoutId, image, sourceRect, _takenDamage[i]);
                if (rc < 0)
                {
                    return rc;
                }
            }
            return 0;
        }
        finally
        {
            image.ReleaseLease();
        }
    }

    private int WriteCursor(GpuSocketConnection connection)
    {
        CursorMessage message;
        lock (_gate)
        {
            if (!_cursor.Queued)
            {
                return 0;
            }
            message = _cursor.Take();
        }
        int rc = connection.Send(_cursorWriter.Encode(message));
        if (rc >= 0 && !message.Visible)
        {
            MarkCursorHidden();
        }
        return rc;
    }

    private void MarkCursorHidden()
    {
        lock (_gate)
        {
            _cursor.ShownOnConsole = false;
        }
    }

    /// <summary>
    /// Takes the write side for a small update of <paramref name="scanout"/> when it is free, with
    /// a lease on the image for <see cref="SendUpdateDirectly"/>; null when the caller must queue
    /// the update instead. Under _gate.
    /// </summary>
    private GpuSocketConnection? TryClaimForUpdate(ScanoutState scanout, PixelRect damage)
    {
        bool small = (long)damage.Width * damage.Height * PixelLayout.BytesPerPixel <= UpdateWriter.SmallUpdateBytes;
        return small && CanSendDirectly && scanout.Damage.IsEmpty && scanout.Source!.Image.TryAddLease() ? ClaimWriteSide() : null;
    }

    /// <summary>Sends the update <see cref="TryClaimForUpdate"/> was granted, then ends its lease. Not under _gate.</summary>
    private void SendUpdateDirectly(GpuSocketConnection connection, int scanoutId, ScanoutSource source, PixelRect damage)
    {
        try
        {
            SendDirectly(connection, _updateWriter.EncodeSmall(scanoutId, source.Image, source.Rect, damage));
        }
        finally
        {
            source.Image.ReleaseLease();
        }
    }

    /// <summary>
    /// Takes the write side and the cursor state to send when the side is free; otherwise queues
    /// the cursor for the writer thread and returns null. Under _gate.
    /// </summary>
    private GpuSocketConnection? ClaimOrQueueCursor(out CursorMessage message)
    {
        if (!CanSendDirectly)
        {
            message = default;
            QueueCursor();
            return null;
        }
        message = _cursor.Take();
        return ClaimWriteSide();
    }

    /// <summary>Sends what <see cref="ClaimOrQueueCursor"/> took. Not under _gate.</summary>
    private void SendCursorDirectly(GpuSocketConnection connection, in CursorMessage message)
    {
        if (SendDirectly(connection, _cursorWriter.Encode(message)) && !message.Visible)
        {
            MarkCursorHidden();
        }
    }

    private GpuSocketConnection ClaimWriteSide()
    {
        _writing = true;
        return _connection!;
    }

    /// <summary>
    /// One non-blocking send by the owner of the write side, which it then gives up; what the kernel
    /// did not take is left to the writer thread. True when the whole message went out. Not under _gate.
    /// </summary>
    private bool SendDirectly(GpuSocketConnection connection, ArraySegment<byte> message)
    {
        int sent = message.Count == 0 ? 0 : connection.SendNow(message);
        lock (_gate)
        {
            _writing = false;
            if (sent >= 0 && sent < message.Count && connection == _connection)
            {
                _tail = message[sent..];
            }
            if (_tail.Count > 0 || _outbox.Count > 0)
            {
                Monitor.Pulse(_gate);
            }
        }
        if (sent < 0)
        {
            ConnectionLost(connection, $"send failed: {Errno.Describe(-sent)}");
        }
        return sent == message.Count;
    }
}
