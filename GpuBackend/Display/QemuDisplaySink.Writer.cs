using VhostGpu.Display.Qemu;
using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display;

/// <summary>The writer thread: the only one that writes to the socket, in queue order.</summary>
public sealed partial class QemuDisplaySink
{
    private void WriterLoop()
    {
        while (true)
        {
            OutboundItem item;
            GpuSocketConnection connection;
            lock (_gate)
            {
                while (!_disposed && _outbox.Count == 0)
                {
                    Monitor.Wait(_gate);
                }
                if (_disposed)
                {
                    return;
                }
                item = _outbox.Dequeue();
                // The queue is emptied whenever the socket goes, so a queued item has one.
                connection = _connection!;
            }
            int rc = item.Kind switch
            {
                OutboundKind.Update => WriteUpdate(connection, item),
                OutboundKind.Cursor => WriteCursor(connection),
                _ => WriteControl(connection, item),
            };
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
        CursorImage? image;
        int scanoutId, x, y;
        bool visible;
        lock (_gate)
        {
            if (!_cursor.Queued)
            {
                return 0;
            }
            _cursor.Queued = false;
            image = _cursor.ImagePending ? _cursor.Image : null;
            _cursor.ImagePending = false;
            (scanoutId, x, y, visible) = (_cursor.ScanoutId, _cursor.X, _cursor.Y, _cursor.Visible);
            // Assume the console shows the cursor as soon as we try, but that it is hidden only
            // once the hide has been sent: a hide lost with a dying socket must go to the next one.
            _cursor.ShownOnConsole |= visible;
        }
        int rc = SendCursor(connection, image, scanoutId, x, y, visible);
        if (rc >= 0 && !visible)
        {
            lock (_gate)
            {
                _cursor.ShownOnConsole = false;
            }
        }
        return rc;
    }

    private int SendCursor(GpuSocketConnection connection, CursorImage? image, int scanoutId, int x, int y, bool visible)
    {
        if (image is null)
        {
            return _cursorWriter.SendPosition(connection, scanoutId, x, y, visible);
        }
        int rc = _cursorWriter.SendImage(connection, scanoutId, image, x, y);
        return rc < 0 || visible ? rc : _cursorWriter.SendPosition(connection, scanoutId, x, y, visible: false);
    }
}
