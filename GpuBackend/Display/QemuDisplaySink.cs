using VhostGpu.Diagnostics;
using VhostGpu.Display.Qemu;
using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display;

/// <summary>
/// QEMU's console as the display: the vhost-user-gpu socket that QEMU hands over with
/// GPU_SET_SOCKET (protocol-reference 3). Callers never wait: every public method records state
/// and queues work for two threads of our own, or sends a small message itself without blocking
/// when nothing else is queued (see the Writer part). The writer drains an ordered queue of
/// control messages and of markers that coalesce: per scanout one SCANOUT (latest mode) and one
/// UPDATE (damage gathered so far), and one cursor marker (latest state). The reader reassembles
/// QEMU's replies and expires queries after <see cref="ReplyTimeoutMs"/>. Scanout state outlives sockets: each new socket is negotiated and
/// then gets SCANOUT + a full UPDATE for every active scanout, so the screen survives pause/resume.
/// </summary>
public sealed partial class QemuDisplaySink : IDisplaySink, IDisplayChannelSink
{
    /// <summary>How long a query waits for QEMU (which never answers GET_EDID beyond its outputs).</summary>
    public const int ReplyTimeoutMs = 2000;

    private const string Component = "qemu-display";
    private const ulong WakeTag = 0;

    /// <summary>Kernel send buffer asked for: two bands in flight let QEMU read one while we convert the next.</summary>
    private const int SendBufferBytes = 2 * UpdateWriter.MaxBandBytes + 64 * 1024;

    private readonly object _gate = new();
    private readonly ScanoutState[] _scanouts = new ScanoutState[DisplayInfo.MaxScanouts];
    private readonly CursorState _cursor = new();
    // Sized up front: a queue thread that meets a busy writer for the first time must not allocate.
    private readonly Queue<OutboundItem> _outbox = new(capacity: 64);
    private readonly ReplyTracker _replies = new();
    private readonly EventFd _wake = EventFd.Create();
    private readonly Epoll _epoll = new();
    private readonly Thread _writerThread;
    private readonly Thread _readerThread;

    // Used by whoever owns the write side (see the Writer part); _takenDamage by the writer thread.
    private readonly UpdateWriter _updateWriter = new();
    private readonly CursorWriter _cursorWriter = new();
    private readonly PixelRect[] _takenDamage = new PixelRect[DamageList.Capacity];

    private GpuSocketConnection? _connection;
    private bool _negotiated;
    private GpuProtocolFeatures _features;
    private ulong _lastConnectionId;
    private bool _disposed;

    public QemuDisplaySink()
    {
        for (int i = 0; i < _scanouts.Length; i++)
        {
            _scanouts[i] = new ScanoutState();
        }
        if (!_epoll.TryAdd(_wake.Descriptor, WakeTag, out int errno))
        {
            throw new NativeException("epoll_ctl(eventfd)", errno);
        }
        _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "qemu-display-writer" };
        _readerThread = new Thread(ReaderLoop) { IsBackground = true, Name = "qemu-display-reader" };
        _writerThread.Start();
        _readerThread.Start();
    }

    /// <summary>Entries waiting in the outbound queue: bounded whatever the guest does while QEMU reads nothing.</summary>
    internal int QueuedItems
    {
        get
        {
            lock (_gate)
            {
                return _outbox.Count;
            }
        }
    }

    /// <summary>True while a socket is attached and its protocol features are settled.</summary>
    private bool IsLive => _connection is not null && _negotiated;

    public void AttachSocket(FileDescriptor socket)
    {
        var failed = new List<PendingQuery>();
        lock (_gate)
        {
            if (_disposed)
            {
                socket.Dispose();
                return;
            }
            DetachConnection(failed);
            var connection = new GpuSocketConnection(socket, ++_lastConnectionId);
            UnixSocket.TryEnlargeSendBuffer(socket, SendBufferBytes);
            if (!_epoll.TryAdd(socket, connection.Id, out int errno))
            {
                Log.Warning?.Write(Component, $"cannot watch the display socket ({Errno.Describe(errno)}); running without display");
                connection.Dispose();
                _replies.TakeAll(failed);
            }
            else
            {
                _connection = connection;
                Enqueue(OutboundItem.GetProtocolFeatures());
                Log.Info?.Write(Component, $"display socket attached ({socket}); negotiating");
            }
        }
        FailAll(failed);
        _wake.Signal();
    }

    public void SetScanout(int scanoutId, ScanoutSource? source)
    {
        if (!IsValidScanout(scanoutId, nameof(SetScanout)))
        {
            return;
        }
        if (source is not null && !source.Image.TryAddLease())
        {
            Log.Warning?.Write(Component, $"scanout {scanoutId}: image already freed; disabling the scanout");
            source = null;
        }
        ScanoutSource? released;
        lock (_gate)
        {
            var scanout = _scanouts[scanoutId];
            if (_disposed || source == scanout.Source)
            {
                // Disposed, or the scanout already shows exactly this: keep the lease we hold.
                released = source;
            }
            else
            {
                released = scanout.Source;
                scanout.Source = source;
                scanout.DropPendingUpdate();
                if (IsLive && (source is not null || released is not null))
                {
                    QueueScanout(scanoutId, source?.Rect.Width ?? 0, source?.Rect.Height ?? 0);
                    scanout.NextUpdateFull = source is not null;
                }
            }
        }
        released?.Image.ReleaseLease();
    }

    public void Flush(int scanoutId, PixelRect damage)
    {
        if (!IsValidScanout(scanoutId, nameof(Flush)))
        {
            return;
        }
        GpuSocketConnection? connection;
        ScanoutSource source;
        PixelRect rect;
        lock (_gate)
        {
            var scanout = _scanouts[scanoutId];
            // Without a live socket there is nothing to update: the next socket gets the whole image.
            if (!IsLive || scanout.Source is null)
            {
                return;
            }
            source = scanout.Source;
            var whole = new PixelRect(0, 0, source.Rect.Width, source.Rect.Height);
            rect = scanout.NextUpdateFull ? whole : damage.Intersect(whole);
            scanout.NextUpdateFull = false;
            connection = TryClaimForUpdate(scanout, rect);
            if (connection is null)
            {
                scanout.Damage.Add(rect);
                QueueUpdate(scanoutId);
                return;
            }
        }
        SendUpdateDirectly(connection, scanoutId, source, rect);
    }

    public void SetCursor(int scanoutId, CursorImage image, int x, int y)
    {
        if (!IsValidScanout(scanoutId, nameof(SetCursor)))
        {
            return;
        }
        GpuSocketConnection? connection;
        CursorMessage message;
        lock (_gate)
        {
            _cursor.Define(scanoutId, image, x, y);
            connection = ClaimOrQueueCursor(out message);
        }
        if (connection is not null)
        {
            SendCursorDirectly(connection, message);
        }
    }

    public void MoveCursor(int scanoutId, int x, int y, bool visible)
    {
        if (!IsValidScanout(scanoutId, nameof(MoveCursor)))
        {
            return;
        }
        GpuSocketConnection? connection;
        CursorMessage message;
        lock (_gate)
        {
            _cursor.Move(scanoutId, x, y, visible);
            connection = ClaimOrQueueCursor(out message);
        }
        if (connection is not null)
        {
            SendCursorDirectly(connection, message);
        }
    }

    public void QueryDisplayInfo(Action<DisplayInfo?> completion)
    {
        var query = new DisplayInfoQuery(completion, Environment.TickCount64 + ReplyTimeoutMs);
        if (!TrySubmit(query))
        {
            completion(FallbackDisplay.Info);
        }
    }

    public void QueryEdid(int scanoutId, Action<byte[]?> completion)
    {
        if (!IsValidScanout(scanoutId, nameof(QueryEdid)))
        {
            completion(null);
            return;
        }
        var query = new EdidQuery(scanoutId, completion, Environment.TickCount64 + ReplyTimeoutMs);
        if (!TrySubmit(query))
        {
            query.CompleteLocally(FallbackDisplay.Edid);
        }
    }

    public void Reset()
    {
        var released = new List<ScanoutSource>();
        lock (_gate)
        {
            for (int id = 0; id < _scanouts.Length; id++)
            {
                var scanout = _scanouts[id];
                scanout.DropPendingUpdate();
                scanout.NextUpdateFull = false;
                if (scanout.Source is null)
                {
                    continue;
                }
                released.Add(scanout.Source);
                scanout.Source = null;
                if (IsLive)
                {
                    QueueScanout(id, 0, 0);
                }
            }
            bool mayBeShowing = _cursor.NeedsReplay || _cursor.Queued;
            _cursor.Forget();
            if (mayBeShowing)
            {
                QueueCursor();
            }
        }
        foreach (var source in released)
        {
            source.Image.ReleaseLease();
        }
    }

    public void Dispose()
    {
        var failed = new List<PendingQuery>();
        var released = new List<ScanoutSource>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            DetachConnection(failed);
            _replies.TakeAll(failed);
            foreach (var scanout in _scanouts)
            {
                if (scanout.Source is not null)
                {
                    released.Add(scanout.Source);
                    scanout.Source = null;
                }
            }
            Monitor.PulseAll(_gate);
        }
        _wake.Signal();
        if (Thread.CurrentThread != _writerThread && Thread.CurrentThread != _readerThread)
        {
            _writerThread.Join();
            _readerThread.Join();
            _epoll.Dispose();
            _wake.Dispose();
        }
        FailAll(failed);
        foreach (var source in released)
        {
            source.Image.ReleaseLease();
        }
    }

    private static bool IsValidScanout(int scanoutId, string operation)
    {
        if ((uint)scanoutId < DisplayInfo.MaxScanouts)
        {
            return true;
        }
        Log.Warning?.Write(Component, $"{operation}: scanout {scanoutId} out of range; ignored");
        return false;
    }

    /// <summary>Queues a query for QEMU; false when there is no socket to ask (not under _gate).</summary>
    private bool TrySubmit(PendingQuery query)
    {
        lock (_gate)
        {
            if (_connection is null || _disposed)
            {
                return false;
            }
            if (!_negotiated)
            {
                _replies.AddWaiting(query);
            }
            else if (!TrySend(query))
            {
                return false;
            }
        }
        // The reader sleeps until the earliest deadline; it must learn about this one.
        _wake.Signal();
        return true;
    }

    /// <summary>Asks QEMU; false for an EDID question this QEMU cannot answer (the caller answers it).</summary>
    private bool TrySend(PendingQuery query)
    {
        if (query is EdidQuery && !_features.HasFlag(GpuProtocolFeatures.Edid))
        {
            return false;
        }
        if (query is EdidQuery && _replies.HasTimedOut(GpuSocketRequest.GetEdid))
        {
            var probe = new OrderingProbe(query.Deadline);
            _replies.AddSent(probe);
            Enqueue(probe.ToOutbound());
        }
        _replies.AddSent(query);
        Enqueue(query.ToOutbound());
        return true;
    }

    private void QueueScanout(int scanoutId, int width, int height)
    {
        var scanout = _scanouts[scanoutId];
        scanout.QueuedMode = (width, height);
        if (!scanout.ScanoutQueued)
        {
            scanout.ScanoutQueued = true;
            Enqueue(OutboundItem.Scanout(scanoutId));
        }
    }

    private void QueueUpdate(int scanoutId)
    {
        var scanout = _scanouts[scanoutId];
        if (!scanout.UpdateQueued)
        {
            Enqueue(OutboundItem.Update(scanoutId, scanout.QueueUpdate()));
        }
    }

    private void QueueCursor()
    {
        if (IsLive && !_cursor.Queued)
        {
            _cursor.Queued = true;
            Enqueue(OutboundItem.Cursor());
        }
    }

    private void Enqueue(OutboundItem item)
    {
        _outbox.Enqueue(item);
        if (_outbox.Count == 1)
        {
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Closes the current socket and forgets what was queued for it; sent queries go to <paramref name="failed"/>.</summary>
    private void DetachConnection(List<PendingQuery> failed)
    {
        if (_connection is null)
        {
            return;
        }
        _epoll.Remove(_connection.Socket);
        _connection.Dispose();
        _connection = null;
        _negotiated = false;
        _features = GpuProtocolFeatures.None;
        _outbox.Clear();
        _tail = ArraySegment<byte>.Empty;
        foreach (var scanout in _scanouts)
        {
            scanout.DropPendingUpdate();
            scanout.ScanoutQueued = false;
        }
        _cursor.Queued = false;
        _replies.TakeSent(failed);
    }

    /// <summary>A new socket has settled its features: show it everything the old one showed.</summary>
    private void Replay()
    {
        for (int id = 0; id < _scanouts.Length; id++)
        {
            var scanout = _scanouts[id];
            if (scanout.Source is null)
            {
                continue;
            }
            var rect = scanout.Source.Rect;
            QueueScanout(id, rect.Width, rect.Height);
            scanout.Damage.Add(new PixelRect(0, 0, rect.Width, rect.Height));
            scanout.NextUpdateFull = false;
            QueueUpdate(id);
        }
        if (_cursor.NeedsReplay)
        {
            _cursor.ImagePending = _cursor.Image is not null;
            QueueCursor();
        }
    }

    private static void FailAll(List<PendingQuery> queries)
    {
        foreach (var query in queries)
        {
            query.Fail();
        }
    }
}
