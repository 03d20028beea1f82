using System.Buffers.Binary;
using System.Diagnostics;
using VhostGpu.Interop;
using static VhostGpu.TestSupport.QemuDisplay.VhostUserGpuMessage;

namespace VhostGpu.TestSupport.QemuDisplay;

/// <summary>
/// A stand-in for QEMU's side of the vhost-user-gpu socket (hw/display/vhost-user-gpu.c): it owns
/// one end of a socketpair, reads each message as a 12-byte header and then exactly <c>size</c>
/// bytes, answers the three questions, and keeps a console surface per output into which UPDATEs
/// are composited, so tests compare what a user would see. Like QEMU, ids at or above
/// <see cref="QemuDisplayPeerOptions.MaxOutputs"/> are ignored, a SCANOUT's new surface is shown
/// at the next UPDATE, and GET_EDID for a missing output is never answered. Things QEMU would
/// choke on (an UPDATE whose size does not match its rectangle, an UPDATE before any SCANOUT)
/// are listed in <see cref="Violations"/>. Consoles outlive connections, as QEMU's do across stop/cont.
/// </summary>
public sealed class QemuDisplayPeer : IDisposable
{
    private const int MaxScanouts = 16;

    private readonly object _gate = new();
    private readonly List<PeerMessage> _messages = [];
    private readonly List<string> _violations = [];
    private readonly PeerSurface?[] _surfaces = new PeerSurface?[MaxScanouts];
    private readonly PeerSurface?[] _shown = new PeerSurface?[MaxScanouts];
    private readonly ManualResetEventSlim _protocolFeaturesReleased = new();
    private readonly CancellationTokenSource _stopping = new();
    private FileDescriptor? _socket;
    private Thread? _thread;
    private PeerCursor _cursor = new(0, 0, 0, false, 0, 0, null, 0);
    private ulong? _negotiatedFeatures;
    private long _updateBytes;
    private int _updateCount;
    private int _connections;

    public QemuDisplayPeer(QemuDisplayPeerOptions? options = null) => Options = options ?? new QemuDisplayPeerOptions();

    public QemuDisplayPeerOptions Options { get; }

    /// <summary>Runs on the peer's thread after each UPDATE has been composited (benchmarks timestamp here).</summary>
    public Action<PeerMessage>? UpdateReceived { get; set; }

    /// <summary>Runs on the peer's thread after each CURSOR_POS, CURSOR_POS_HIDE or CURSOR_UPDATE has been applied.</summary>
    public Action<PeerMessage>? CursorReceived { get; set; }

    /// <summary>
    /// Makes a new socketpair, as QEMU does on every device start, and returns the back-end's end
    /// (hand it to the sink, which takes ownership). A previous connection is closed first.
    /// </summary>
    public FileDescriptor Connect()
    {
        Disconnect();
        var (ours, theirs) = UnixSocket.CreatePair();
        lock (_gate)
        {
            _socket = ours;
            _connections++;
        }
        _thread = new Thread(() => ReadLoop(ours)) { IsBackground = true, Name = "qemu-display-peer" };
        _thread.Start();
        return theirs;
    }

    /// <summary>Closes QEMU's end, as QEMU does on stop, reboot or quit. Consoles are kept.</summary>
    public void Disconnect()
    {
        FileDescriptor? socket;
        lock (_gate)
        {
            socket = _socket;
            _socket = null;
        }
        if (socket is null)
        {
            return;
        }
        UnixSocket.Shutdown(socket);
        _thread?.Join();
        socket.Dispose();
    }

    /// <summary>Lets a held GET_PROTOCOL_FEATURES reply go (see <see cref="QemuDisplayPeerOptions.HoldProtocolFeatures"/>).</summary>
    public void ReleaseProtocolFeatures() => _protocolFeaturesReleased.Set();

    public int Connections
    {
        get { lock (_gate) { return _connections; } }
    }

    /// <summary>The features from the last SET_PROTOCOL_FEATURES, or null if none came.</summary>
    public ulong? NegotiatedFeatures
    {
        get { lock (_gate) { return _negotiatedFeatures; } }
    }

    public IReadOnlyList<PeerMessage> Messages
    {
        get { lock (_gate) { return [.. _messages]; } }
    }

    public IReadOnlyList<string> Violations
    {
        get { lock (_gate) { return [.. _violations]; } }
    }

    public PeerCursor Cursor
    {
        get { lock (_gate) { return _cursor; } }
    }

    public long UpdateBytes => Interlocked.Read(ref _updateBytes);

    public int UpdateCount => Volatile.Read(ref _updateCount);

    /// <summary>A copy of what output <paramref name="scanoutId"/> shows, or null while it is blank.</summary>
    public PeerSurface? Surface(int scanoutId)
    {
        lock (_gate)
        {
            return _shown[scanoutId]?.Clone();
        }
    }

    /// <summary>One pixel (0x00RRGGBB) of what output <paramref name="scanoutId"/> shows, without copying the surface; null while blank or outside it.</summary>
    public uint? ShownRgbAt(int scanoutId, int x, int y)
    {
        lock (_gate)
        {
            var shown = _shown[scanoutId];
            return shown is not null && (uint)x < (uint)shown.Width && (uint)y < (uint)shown.Height ? shown.RgbAt(x, y) : null;
        }
    }

    /// <summary>The messages received so far with the given id.</summary>
    public IReadOnlyList<PeerMessage> MessagesOf(uint request)
    {
        lock (_gate)
        {
            return _messages.Where(m => m.Request == request).ToList();
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked after every message); false on timeout.</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (!condition())
            {
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }
                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50));
            }
            return true;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        Disconnect();
        _stopping.Dispose();
        _protocolFeaturesReleased.Dispose();
    }

    private void ReadLoop(FileDescriptor socket)
    {
        var header = new byte[HeaderSize];
        var payload = new byte[64 * 1024];
        var fds = new List<FileDescriptor>();
        while (UnixSocket.ReceiveExactly(socket, header, fds, out _) == 0)
        {
            uint request = BinaryPrimitives.ReadUInt32LittleEndian(header);
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
            if (size > payload.Length)
            {
                payload = new byte[Math.Max(size, (uint)payload.Length * 2)];
            }
            var body = payload.AsSpan(0, (int)size);
            if (UnixSocket.ReceiveExactly(socket, body, fds, out _) != 0)
            {
                break;
            }
            foreach (var fd in fds)
            {
                fd.Dispose();
            }
            fds.Clear();
            Handle(socket, request, flags, body);
        }
    }

    private void Handle(FileDescriptor socket, uint request, uint flags, ReadOnlySpan<byte> body)
    {
        var message = Describe(request, flags, body);
        lock (_gate)
        {
            if (Options.RecordMessages)
            {
                _messages.Add(message);
            }
        }
        switch (request)
        {
            case GetProtocolFeatures:
                if (Options.HoldProtocolFeatures && !Pause(socket, Timeout.InfiniteTimeSpan, _protocolFeaturesReleased))
                {
                    break;
                }
                Reply(socket, request, BitConverter.GetBytes(Options.ProtocolFeatures));
                break;
            case SetProtocolFeatures:
                lock (_gate)
                {
                    _negotiatedFeatures = body.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(body) : null;
                }
                break;
            case GetDisplayInfo:
                if (Options.AnswerQueries)
                {
                    Reply(socket, request, DisplayInfoReply());
                }
                break;
            case GetEdid:
                if (Options.AnswerQueries && body.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(body) < Options.MaxOutputs)
                {
                    Reply(socket, request, EdidReply());
                }
                break;
            case Scanout:
                HandleScanout(message, body.Length);
                break;
            case Update:
                HandleUpdate(message, body);
                break;
            case CursorPos or CursorPosHide or CursorUpdate:
                HandleCursor(request, message, body);
                break;
            default:
                Violation($"unexpected message id {request} ({body.Length} bytes)");
                break;
        }
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private static PeerMessage Describe(uint request, uint flags, ReadOnlySpan<byte> body)
    {
        Span<uint> words = stackalloc uint[5];
        for (int i = 0; i < words.Length && (i + 1) * 4 <= body.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(body[(i * 4)..]);
        }
        return new PeerMessage(request, flags, (uint)body.Length, words[0], words[1], words[2], words[3], words[4]);
    }

    private void HandleScanout(PeerMessage message, int size)
    {
        if (size != 12)
        {
            Violation($"SCANOUT of {size} bytes");
            return;
        }
        if (message.ScanoutId >= Options.MaxOutputs)
        {
            return;
        }
        // For SCANOUT the fields after scanout_id are width, height.
        uint width = message.X, height = message.Y;
        lock (_gate)
        {
            if (width == 0)
            {
                _shown[message.ScanoutId] = null;
            }
            else
            {
                _surfaces[message.ScanoutId] = new PeerSurface((int)width, (int)height);
            }
        }
    }

    private void HandleUpdate(PeerMessage message, ReadOnlySpan<byte> body)
    {
        long expected = 20 + (long)message.Width * message.Height * 4;
        if (body.Length != expected)
        {
            Violation($"UPDATE {message.Width}x{message.Height} carries {body.Length} bytes, QEMU reads {expected}");
            return;
        }
        if (message.ScanoutId >= Options.MaxOutputs)
        {
            return;
        }
        lock (_gate)
        {
            var surface = _surfaces[message.ScanoutId];
            if (surface is null)
            {
                Violation($"UPDATE for scanout {message.ScanoutId} before any SCANOUT (QEMU dereferences a null surface)");
                return;
            }
            Composite(surface, message, body[20..]);
            _shown[message.ScanoutId] = surface;
        }
        Interlocked.Add(ref _updateBytes, body.Length - 20);
        Interlocked.Increment(ref _updateCount);
        UpdateReceived?.Invoke(message);
    }

    // pixman_image_composite(SRC) of the w x h update at (x, y), clipped to the surface.
    private static void Composite(PeerSurface surface, PeerMessage m, ReadOnlySpan<byte> pixels)
    {
        long right = Math.Min((long)m.X + m.Width, surface.Width);
        long bottom = Math.Min((long)m.Y + m.Height, surface.Height);
        if (m.X >= right || m.Y >= bottom)
        {
            return;
        }
        int columns = (int)(right - m.X);
        for (int row = 0; row < bottom - m.Y; row++)
        {
            var source = pixels.Slice(row * (int)m.Width * 4, columns * 4);
            source.CopyTo(surface.Bgrx.AsSpan((int)(((m.Y + row) * surface.Width + m.X) * 4)));
        }
    }

    private void HandleCursor(uint request, PeerMessage message, ReadOnlySpan<byte> body)
    {
        int expected = request == CursorUpdate ? CursorUpdateSize : 12;
        if (body.Length != expected)
        {
            Violation($"cursor message {request} of {body.Length} bytes, expected {expected}");
            return;
        }
        if (message.ScanoutId >= Options.MaxOutputs)
        {
            return;
        }
        lock (_gate)
        {
            _cursor = request switch
            {
                CursorUpdate => new PeerCursor(message.ScanoutId, message.X, message.Y, true, message.Width, message.Height,
                    body[20..].ToArray(), _cursor.ImageUpdates + 1),
                CursorPos => _cursor with { ScanoutId = message.ScanoutId, X = message.X, Y = message.Y, Visible = true },
                _ => _cursor with { ScanoutId = message.ScanoutId, X = message.X, Y = message.Y, Visible = false },
            };
        }
        CursorReceived?.Invoke(message);
    }

    private byte[] DisplayInfoReply()
    {
        var reply = new byte[DisplayInfoReplySize];
        BinaryPrimitives.WriteUInt32LittleEndian(reply, RespOkDisplayInfo);
        for (int i = 0; i < Math.Min(Options.MaxOutputs, MaxScanouts); i++)
        {
            var mode = reply.AsSpan(24 + i * 24);
            BinaryPrimitives.WriteUInt32LittleEndian(mode[8..], (uint)Options.Width);
            BinaryPrimitives.WriteUInt32LittleEndian(mode[12..], (uint)Options.Height);
            BinaryPrimitives.WriteUInt32LittleEndian(mode[16..], 1);
        }
        return reply;
    }

    private byte[] EdidReply()
    {
        var reply = new byte[EdidReplySize];
        BinaryPrimitives.WriteUInt32LittleEndian(reply, RespOkEdid);
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(24), 1024);
        Options.Edid.AsSpan(0, Math.Min(Options.Edid.Length, 1024)).CopyTo(reply.AsSpan(32));
        return reply;
    }

    private void Reply(FileDescriptor socket, uint request, byte[] payload)
    {
        if (Options.ReplyDelay > TimeSpan.Zero && !Pause(socket, Options.ReplyDelay, until: null))
        {
            return;
        }
        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, request);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), ReplyFlag);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)payload.Length);
        UnixSocket.SendAll(socket, header, payload);
    }

    // Sleeps like a busy QEMU (reading nothing) for `duration` or until `until` is set. False when
    // this connection is being closed or the peer disposed meanwhile.
    private bool Pause(FileDescriptor socket, TimeSpan duration, ManualResetEventSlim? until)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (_gate)
            {
                if (_stopping.IsCancellationRequested || _socket != socket)
                {
                    return false;
                }
            }
            if (until?.IsSet == true)
            {
                return true;
            }
            var left = duration == Timeout.InfiniteTimeSpan ? TimeSpan.FromMilliseconds(10) : duration - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return true;
            }
            Thread.Sleep(left < TimeSpan.FromMilliseconds(10) ? left : TimeSpan.FromMilliseconds(10));
        }
    }

    private void Violation(string what)
    {
        lock (_gate)
        {
            _violations.Add(what);
        }
    }
}
