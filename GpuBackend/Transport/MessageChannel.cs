using VhostGpu.Diagnostics;
using VhostGpu.Interop;

namespace VhostGpu.Transport;

/// <summary>
/// A vhost-user message stream over a connected unix socket: header, payload and fds in, replies out.
/// Framing errors are not recoverable (there is no way to find the next header), so they end the
/// stream with one log line instead of guessing.
/// </summary>
public sealed class MessageChannel(FileDescriptor socket, string name) : IDisposable
{
    /// <summary>Largest payload accepted. QEMU's largest request to a GPU back-end is 264 bytes.</summary>
    public const int MaxPayload = 4096;

    private readonly object _sendGate = new();

    public FileDescriptor Socket { get; } = socket;

    public ReceiveStatus Receive(out Message? message)
    {
        message = null;
        Span<byte> headerBytes = stackalloc byte[MessageHeader.Length];
        var fds = new ReceivedFds([]);
        int rc = UnixSocket.Receive(Socket, headerBytes, fds.List, out bool truncated);
        if (rc == 0)
        {
            fds.Dispose();
            return ReceiveStatus.Closed;
        }
        // A header split over several reads is completed; an error keeps its negative errno.
        if (rc > 0)
        {
            rc = rc == MessageHeader.Length || truncated ? 0 : UnixSocket.ReceiveExactly(Socket, headerBytes[rc..], fds.List, out truncated);
        }
        if (Fail(rc, truncated, fds, "header"))
        {
            return ReceiveStatus.Broken;
        }
        var header = MessageHeader.Read(headerBytes);
        if (header.Size > MaxPayload)
        {
            Log.Warning?.Write(name, $"request {header.Request} announces {header.Size} payload bytes (max {MaxPayload}); closing the connection");
            fds.Dispose();
            return ReceiveStatus.Broken;
        }
        var payload = header.Size == 0 ? [] : new byte[header.Size];
        rc = UnixSocket.ReceiveExactly(Socket, payload, fds.List, out truncated);
        if (Fail(rc, truncated, fds, $"payload of request {header.Request}"))
        {
            return ReceiveStatus.Broken;
        }
        message = new Message(header, payload, fds);
        return ReceiveStatus.Message;
    }

    /// <summary>Sends one message (fds attached to its first byte); false when the peer is gone or the socket failed.</summary>
    public bool Send(MessageHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default)
    {
        Span<byte> headerBytes = stackalloc byte[MessageHeader.Length];
        header.Write(headerBytes);
        int rc;
        lock (_sendGate)
        {
            rc = UnixSocket.SendAll(Socket, headerBytes, payload, fds);
        }
        if (rc < 0)
        {
            Log.Warning?.Write(name, $"sending message {header.Request} failed: {Errno.Describe(-rc)}");
            return false;
        }
        return true;
    }

    /// <summary>Wakes a thread blocked in <see cref="Receive"/> (it sees end of stream).</summary>
    public void Shutdown() => UnixSocket.Shutdown(Socket);

    public void Dispose() => Socket.Dispose();

    private bool Fail(int rc, bool controlTruncated, ReceivedFds fds, string what)
    {
        if (rc == 0 && !controlTruncated)
        {
            return false;
        }
        string reason = controlTruncated ? "more fds than one message may carry (control data truncated)"
            : rc == 1 ? "peer closed the connection mid-message"
            : Errno.IsPeerGone(-rc) ? "peer reset the connection"
            : $"recvmsg failed: {Errno.Describe(-rc)}";
        Log.Warning?.Write(name, $"{what}: {reason}; closing the connection");
        fds.Dispose();
        return true;
    }
}
