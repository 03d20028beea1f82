using System.Buffers.Binary;
using VhostGpu.Interop;
using VhostGpu.Memory;
using static VhostGpu.TestSupport.FrontEnd.VhostUserRequest;

namespace VhostGpu.TestSupport.FrontEnd;

/// <summary>
/// A vhost-user front-end for tests: connects to a back-end's socket and speaks the protocol the
/// way QEMU does (one sendmsg per message, fds on the first byte). Typed helpers exist for every
/// message; those that may be acked return the back-end's u64 status (null when no ack was asked).
/// Every wait for the back-end is bounded by <see cref="ReplyTimeoutMs"/>.
/// </summary>
public sealed partial class VhostUserFrontEnd : IDisposable
{
    public const int ReplyTimeoutMs = 10_000;
    public const int HeaderSize = 12;

    public VhostUserFrontEnd(FileDescriptor socket) => Socket = socket;

    public FileDescriptor Socket { get; }

    public static VhostUserFrontEnd Connect(string path) => new(UnixSocket.Connect(path));

    // ---- framing ----------------------------------------------------------------------------

    public static byte[] EncodeHeader(uint request, uint flags, uint size)
    {
        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, request);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), size);
        return header;
    }

    /// <summary>Sends one request; the payload size goes in the header unless <paramref name="announcedSize"/> overrides it.</summary>
    public void Send(uint request, ReadOnlySpan<byte> payload, bool needReply = false, ReadOnlySpan<int> fds = default, uint? announcedSize = null)
    {
        var header = EncodeHeader(request, Version1 | (needReply ? NeedReply : 0), announcedSize ?? (uint)payload.Length);
        SendRaw(header, payload, fds);
    }

    /// <summary>Writes bytes as they are (for malformed input), fds attached to the first byte.</summary>
    public void SendRaw(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second = default, ReadOnlySpan<int> fds = default)
    {
        int rc = UnixSocket.SendAll(Socket, first, second, fds);
        if (rc < 0)
        {
            throw new NativeException("send to back-end", -rc);
        }
    }

    /// <summary>Receives the next message; throws on timeout or end of stream.</summary>
    public Reply Receive(int timeoutMs = ReplyTimeoutMs) =>
        TryReceive(timeoutMs) ?? throw new IOException("the back-end closed the connection");

    /// <summary>The next message, or null when the back-end closed the connection. Throws on timeout.</summary>
    public Reply? TryReceive(int timeoutMs = ReplyTimeoutMs)
    {
        if (!UnixSocket.WaitReadable(Socket, timeoutMs))
        {
            throw new TimeoutException($"no message from the back-end within {timeoutMs} ms");
        }
        var fds = new List<FileDescriptor>();
        var header = new byte[HeaderSize];
        int rc = UnixSocket.ReceiveExactly(Socket, header, fds, out _);
        if (rc != 0)
        {
            fds.ForEach(f => f.Dispose());
            return rc == 1 || rc == -104 ? null : throw new NativeException("recvmsg", -rc);
        }
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        var payload = new byte[size];
        rc = UnixSocket.ReceiveExactly(Socket, payload, fds, out _);
        if (rc != 0)
        {
            fds.ForEach(f => f.Dispose());
            throw new IOException($"reply truncated ({rc})");
        }
        return new Reply(BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)), payload, [.. fds]);
    }

    /// <summary>Receives the reply to <paramref name="request"/> and checks its header the way QEMU does (id, flags exactly 0x5).</summary>
    public Reply ReceiveReplyTo(uint request)
    {
        var reply = Receive();
        if (reply.Request != request || reply.Flags != ReplyFlags)
        {
            reply.Dispose();
            throw new InvalidDataException($"expected a reply to {request} with flags 0x5, got request {reply.Request} flags 0x{reply.Flags:x}");
        }
        return reply;
    }

    /// <summary>Sends a request with a u64 answer (own reply or ack) and returns that answer.</summary>
    public ulong Call(uint request, ReadOnlySpan<byte> payload = default, ReadOnlySpan<int> fds = default, bool needReply = false)
    {
        Send(request, payload, needReply, fds);
        using var reply = ReceiveReplyTo(request);
        return reply.U64;
    }

    /// <summary>Sends an ack-style request; with <paramref name="needReply"/> returns the ack status.</summary>
    public ulong? Request(uint request, ReadOnlySpan<byte> payload = default, ReadOnlySpan<int> fds = default, bool needReply = true)
    {
        if (!needReply)
        {
            Send(request, payload, false, fds);
            return null;
        }
        return Call(request, payload, fds, needReply: true);
    }

    /// <summary>True when the back-end has closed our connection (reads return end of stream within the timeout).</summary>
    public bool WaitForClose(int timeoutMs = ReplyTimeoutMs)
    {
        try
        {
            while (true)
            {
                using var message = TryReceive(timeoutMs);
                if (message == null)
                {
                    return true;
                }
            }
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose() => Socket.Dispose();

    // ---- payload encoders -------------------------------------------------------------------

    public static byte[] U64(ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return b;
    }

    public static byte[] VringState(uint index, uint num)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(b, index);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), num);
        return b;
    }

    public static byte[] VringAddr(uint index, ulong desc, ulong used, ulong avail, uint flags = 0, ulong log = 0)
    {
        var b = new byte[40];
        BinaryPrimitives.WriteUInt32LittleEndian(b, index);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), flags);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), desc);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), used);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), avail);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), log);
        return b;
    }

    public static void WriteRegion(Span<byte> b, MemoryRegionDescriptor r)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(b, r.GuestPhysicalAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(b[8..], r.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(b[16..], r.UserAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(b[24..], r.MmapOffset);
    }

    public static byte[] MemTable(params MemoryRegionDescriptor[] regions)
    {
        var b = new byte[8 + (32 * regions.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)regions.Length);
        for (int i = 0; i < regions.Length; i++)
        {
            WriteRegion(b.AsSpan(8 + (32 * i)), regions[i]);
        }
        return b;
    }

    public static byte[] MemRegMsg(MemoryRegionDescriptor region)
    {
        var b = new byte[40];
        WriteRegion(b.AsSpan(8), region);
        return b;
    }

    public static byte[] Config(uint offset, uint size, uint flags = 0, ReadOnlySpan<byte> data = default)
    {
        var b = new byte[12 + (data.IsEmpty ? size : data.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(b, offset);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), size);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), flags);
        data.CopyTo(b.AsSpan(12));
        return b;
    }

    public static byte[] Inflight(ulong mmapSize, ulong mmapOffset, ushort queues, ushort queueSize)
    {
        var b = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(b, mmapSize);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), mmapOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), queues);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), queueSize);
        return b;
    }

    public static byte[] LogBase(ulong size, ulong offset)
    {
        var b = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(b, size);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), offset);
        return b;
    }
}
