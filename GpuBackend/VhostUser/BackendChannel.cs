using VhostGpu.Diagnostics;
using VhostGpu.Interop;
using VhostGpu.Transport;
using VhostGpu.VhostUser.Messages;

namespace VhostGpu.VhostUser;

/// <summary>
/// The back-end request channel (SET_BACKEND_REQ_FD). With REPLY_ACK negotiated each request asks
/// for an ack, which is awaited for at most <see cref="AckTimeoutMs"/>: the front-end may be busy
/// waiting for us on the main socket, so a missing ack is logged, never waited out. The shared-object
/// messages are sent only when SHARED_OBJECT was negotiated (<paramref name="sharesObjects"/>).
/// </summary>
internal sealed class BackendChannel(FileDescriptor socket, bool replyAck, bool sharesObjects = false) : IBackendChannel, IDisposable
{
    public const int AckTimeoutMs = 1000;

    private readonly MessageChannel _channel = new(socket, "backend-channel");
    private readonly object _gate = new();
    private bool _broken;

    public bool SharesObjects => sharesObjects;

    public bool NotifyConfigChanged() => Request(BackendRequest.ConfigChangeMsg, []);

    public bool AddSharedObject(Guid uuid) => SharedObjectRequest(BackendRequest.SharedObjectAdd, uuid);

    public bool RemoveSharedObject(Guid uuid) => SharedObjectRequest(BackendRequest.SharedObjectRemove, uuid);

    private bool SharedObjectRequest(BackendRequest request, Guid uuid)
    {
        if (!sharesObjects)
        {
            Log.Warning?.Write("backend-channel", $"{request} {uuid} not sent: SHARED_OBJECT was not negotiated");
            return false;
        }
        Span<byte> payload = stackalloc byte[SharedObjectPayload.Size];
        new SharedObjectPayload(uuid).Write(payload);
        return Request(request, payload);
    }

    private bool Request(BackendRequest request, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (_broken)
            {
                return false;
            }
            uint flags = MessageHeader.Version | (replyAck ? MessageHeader.NeedReplyFlag : 0);
            if (!_channel.Send(new MessageHeader((uint)request, flags, (uint)payload.Length), payload))
            {
                _broken = true;
                return false;
            }
            return !replyAck || AwaitAck(request);
        }
    }

    private bool AwaitAck(BackendRequest request)
    {
        if (!UnixSocket.WaitReadable(_channel.Socket, AckTimeoutMs))
        {
            Log.Warning?.Write("backend-channel", $"no ack for {request} within {AckTimeoutMs} ms; not waiting for it any longer");
            // The late ack would be taken for the answer to the next request: stop using the channel.
            _broken = true;
            return false;
        }
        if (_channel.Receive(out var reply) != ReceiveStatus.Message)
        {
            _broken = true;
            return false;
        }
        using (reply)
        {
            var h = reply!.Header;
            if (h.Request != (uint)request || !h.IsReply || !U64Payload.TryRead(reply.Payload, out var status))
            {
                Log.Warning?.Write("backend-channel", $"malformed ack for {request}: request {h.Request}, flags 0x{h.Flags:x}, {h.Size} bytes");
                _broken = true;
                return false;
            }
            if (status.Value != 0)
            {
                Log.Info?.Write("backend-channel", $"front-end refused {request} (status {status.Value})");
            }
            return status.Value == 0;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _broken = true;
            _channel.Dispose();
        }
    }
}
