using VhostGpu.Interop;

namespace VhostGpu.TestSupport.FrontEnd;

/// <summary>
/// QEMU's end of the back-end request channel (SET_BACKEND_REQ_FD): a thread receives the
/// back-end's requests, records them and, when a request asks for it (NEED_REPLY), answers with
/// the status the test chose, after the delay the test chose. <see cref="BackEndSide"/> is the
/// socket to hand over; close it once it has been sent.
/// </summary>
public sealed class BackendChannelPeer : IDisposable
{
    /// <summary>Back-end request ids on this channel (vhost-user.rst "Back-end message types").</summary>
    public const uint SharedObjectAdd = 6;
    public const uint SharedObjectRemove = 7;

    private readonly VhostUserFrontEnd _ours;
    private readonly List<BackendMessage> _received = [];
    private readonly Thread _thread;
    private volatile bool _stopping;

    public BackendChannelPeer()
    {
        (BackEndSide, var ours) = UnixSocket.CreatePair();
        _ours = new VhostUserFrontEnd(ours);
        _thread = new Thread(Serve) { IsBackground = true, Name = "backend-channel-peer" };
        _thread.Start();
    }

    public FileDescriptor BackEndSide { get; }

    /// <summary>The u64 every ack carries: 0 accepts, anything else refuses.</summary>
    public ulong AckStatus { get; set; }

    /// <summary>How long an ack is held back (a front-end busy elsewhere).</summary>
    public TimeSpan AckDelay { get; set; }

    /// <summary>Whether the back-end closed its end.</summary>
    public bool Closed { get; private set; }

    public IReadOnlyList<BackendMessage> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Waits for the <paramref name="occurrence"/>-th message with this id; null on timeout.</summary>
    public BackendMessage? WaitFor(uint request, int occurrence = 1, int timeoutMs = VhostUserFrontEnd.ReplyTimeoutMs)
    {
        lock (_received)
        {
            var deadline = Environment.TickCount64 + timeoutMs;
            while (true)
            {
                var matches = _received.Where(m => m.Request == request).ToList();
                if (matches.Count >= occurrence)
                {
                    return matches[occurrence - 1];
                }
                long left = deadline - Environment.TickCount64;
                if (left <= 0 || Closed)
                {
                    return null;
                }
                Monitor.Wait(_received, (int)left);
            }
        }
    }

    public int Count(uint request) => Received.Count(m => m.Request == request);

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        _ours.Dispose();
        BackEndSide.Dispose();
    }

    private void Serve()
    {
        while (!_stopping)
        {
            if (!UnixSocket.WaitReadable(_ours.Socket, 50))
            {
                continue;
            }
            using var message = _ours.TryReceive();
            if (message == null)
            {
                break;
            }
            // Recorded on arrival, so a test can act while the ack is still held back.
            lock (_received)
            {
                _received.Add(new BackendMessage(message.Request, message.Flags, message.Payload, message.Fds.Length, DateTime.UtcNow));
                Monitor.PulseAll(_received);
            }
            if ((message.Flags & VhostUserRequest.NeedReply) != 0)
            {
                Thread.Sleep(AckDelay);
                _ours.SendRaw(VhostUserFrontEnd.EncodeHeader(message.Request, VhostUserRequest.ReplyFlags, 8), VhostUserFrontEnd.U64(AckStatus));
            }
        }
        lock (_received)
        {
            Closed = true;
            Monitor.PulseAll(_received);
        }
    }
}

/// <summary>A request the back-end sent on its channel; <see cref="Uuid"/> reads a VhostUserShared payload.</summary>
public sealed record BackendMessage(uint Request, uint Flags, byte[] Payload, int FdCount, DateTime ReceivedAt)
{
    public Guid Uuid => Payload.Length == 16
        ? new Guid(Payload, bigEndian: true)
        : throw new InvalidOperationException($"request {Request} has {Payload.Length} payload bytes, not a UUID");
}
