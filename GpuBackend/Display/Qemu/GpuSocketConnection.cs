using VhostGpu.Diagnostics;
using VhostGpu.Interop;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// One vhost-user-gpu socket from GPU_SET_SOCKET. The writer thread sends whole messages on it, the
/// reader thread reassembles QEMU's replies from non-blocking reads. Disposing shuts the socket down
/// first, which wakes a thread blocked on it; the descriptor closes when the last user lets go.
/// </summary>
internal sealed class GpuSocketConnection : IDisposable
{
    /// <summary>No reply is bigger than resp_edid; anything larger means the stream is out of step.</summary>
    public const int MaxReplyPayload = 4096;

    /// <summary>Pipe size asked for: one UPDATE band's pixels per load.</summary>
    private const int PagePipeBytes = UpdateWriter.MaxBandBytes;

    private readonly FileDescriptor _socket;
    private readonly byte[] _inbox = new byte[GpuSocketHeader.ByteSize + MaxReplyPayload];
    private readonly List<FileDescriptor> _unexpectedFds = [];
    private readonly object _pagePipeGate = new();
    private PagePipe? _pagePipe;
    private bool _pagePipeFailed;
    private int _filled;
    private bool _messageReady;
    private int _disposed;

    public GpuSocketConnection(FileDescriptor socket, ulong id)
    {
        _socket = socket;
        Id = id;
    }

    /// <summary>Tells this socket apart from earlier and later ones (also its epoll tag).</summary>
    public ulong Id { get; }

    public FileDescriptor Socket => _socket;

    /// <summary>Sends one whole message, completing partial writes. 0 or -errno (EPIPE once disposed).</summary>
    public int Send(ReadOnlySpan<byte> message)
    {
        bool added = false;
        try
        {
            _socket.DangerousAddRef(ref added);
            return UnixSocket.SendAll(_socket, message, default);
        }
        catch (ObjectDisposedException)
        {
            return -LibcConstants.EPIPE;
        }
        finally
        {
            if (added)
            {
                _socket.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// One non-blocking send of <paramref name="message"/>: returns how many bytes the kernel took
    /// (0 when its buffer is full), or -errno (EPIPE once disposed).
    /// </summary>
    public int SendNow(ReadOnlySpan<byte> message)
    {
        bool added = false;
        try
        {
            _socket.DangerousAddRef(ref added);
            int n = UnixSocket.Send(_socket, message, default, default, nonBlocking: true);
            return n == -LibcConstants.EAGAIN ? 0 : n;
        }
        catch (ObjectDisposedException)
        {
            return -LibcConstants.EPIPE;
        }
        finally
        {
            if (added)
            {
                _socket.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The pipe that carries pixel pages to this socket by reference, made on first use; null when
    /// the system will not give us one (then pixels are copied as usual). Writer side only.
    /// </summary>
    public PagePipe? PagePipe
    {
        get
        {
            lock (_pagePipeGate)
            {
                if (_pagePipe is null && !_pagePipeFailed && _disposed == 0)
                {
                    _pagePipe = PagePipe.TryCreate(PagePipeBytes, out int errno);
                    if (_pagePipe is null)
                    {
                        _pagePipeFailed = true;
                        Log.Warning?.Write("qemu-display", $"no pipe for zero-copy updates ({Errno.Describe(errno)}); copying pixels instead");
                    }
                }
                return _pagePipe;
            }
        }
    }

    /// <summary>Sends <paramref name="count"/> bytes loaded into <see cref="PagePipe"/>. 0 or -errno (EPIPE once disposed).</summary>
    public int SendLoadedPages(int count) => _pagePipe!.DrainInto(_socket, count);

    /// <summary>
    /// Reads what has arrived, never more than the rest of the current message.
    /// <see cref="ReplyStatus.Complete"/>: <paramref name="header"/> and <see cref="ReplyPayload"/>
    /// hold the message until the next call.
    /// </summary>
    public ReplyStatus ReadReply(out GpuSocketHeader header, out int errno)
    {
        header = default;
        errno = 0;
        if (_messageReady)
        {
            _filled = 0;
            _messageReady = false;
        }
        bool added = false;
        try
        {
            _socket.DangerousAddRef(ref added);
            int wanted = GpuSocketHeader.ByteSize;
            if (_filled < wanted && !Receive(wanted, out errno))
            {
                return errno == 0 ? ReplyStatus.Incomplete : ReplyStatus.Closed;
            }
            GpuSocketHeader.TryRead(_inbox, out header);
            if (header.PayloadSize > MaxReplyPayload)
            {
                return ReplyStatus.Malformed;
            }
            wanted += (int)header.PayloadSize;
            if (_filled < wanted && !Receive(wanted, out errno))
            {
                return errno == 0 ? ReplyStatus.Incomplete : ReplyStatus.Closed;
            }
            _messageReady = true;
            return ReplyStatus.Complete;
        }
        catch (ObjectDisposedException)
        {
            errno = LibcConstants.EPIPE;
            return ReplyStatus.Closed;
        }
        finally
        {
            if (added)
            {
                _socket.DangerousRelease();
            }
        }
    }

    /// <summary>The payload of the message <see cref="ReadReply"/> just completed.</summary>
    public ReadOnlySpan<byte> ReplyPayload => _inbox.AsSpan(GpuSocketHeader.ByteSize, _filled - GpuSocketHeader.ByteSize);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            UnixSocket.Shutdown(_socket);
            _socket.Dispose();
            lock (_pagePipeGate)
            {
                _pagePipe?.Dispose();
            }
        }
    }

    // True when the first `wanted` inbox bytes are present. False with errno 0 when the rest has not
    // arrived yet, with an errno when the peer is gone (EOF reads as EPIPE).
    private bool Receive(int wanted, out int errno)
    {
        errno = 0;
        while (_filled < wanted)
        {
            int n = UnixSocket.Receive(_socket, _inbox.AsSpan(_filled, wanted - _filled), _unexpectedFds, out _, nonBlocking: true);
            CloseUnexpectedFds();
            if (n == 0)
            {
                errno = LibcConstants.EPIPE;
                return false;
            }
            if (n < 0)
            {
                errno = Errno.IsWouldBlock(-n) ? 0 : -n;
                return false;
            }
            _filled += n;
        }
        return true;
    }

    // QEMU sends no fds on this socket; any that arrive are closed rather than leaked.
    private void CloseUnexpectedFds()
    {
        foreach (var fd in _unexpectedFds)
        {
            fd.Dispose();
        }
        _unexpectedFds.Clear();
    }
}
