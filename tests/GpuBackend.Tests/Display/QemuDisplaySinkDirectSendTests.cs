using System.Buffers.Binary;
using System.Diagnostics;
using VhostGpu.Display;
using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;
using VhostGpu.TestSupport.QemuDisplay;
using static VhostGpu.TestSupport.QemuDisplay.VhostUserGpuMessage;

namespace VhostGpu.Tests.Display;

/// <summary>
/// Small UPDATEs and cursor messages go out on the caller's thread when nothing else is queued,
/// without ever blocking it: what the kernel does not take is finished by the writer thread, in order.
/// </summary>
public sealed class QemuDisplaySinkDirectSendTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void With_nothing_queued_a_small_update_and_a_cursor_move_are_on_the_socket_when_the_call_returns()
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        using var qemu = ours;
        using var sink = new QemuDisplaySink();
        sink.AttachSocket(theirs);
        Negotiate(qemu);
        var image = TestImages.Random(64, 64, PixelFormat.Bgrx, seed: 21);
        sink.SetScanout(0, new ScanoutSource(image, new PixelRect(0, 0, 64, 64)));
        Assert.Equal(Scanout, ReadMessage(qemu, out _));
        sink.Flush(0, new PixelRect(0, 0, 64, 64));
        Assert.Equal(Update, ReadMessage(qemu, out _));

        // The writer thread may still own the socket for a moment after the SCANOUT; from the
        // first call that finds it free on, every call must have sent before returning.
        int synchronous = 0;
        for (int attempt = 0; attempt < 200 && synchronous < 10; attempt++)
        {
            var rect = new PixelRect(attempt % 32, attempt % 16, 32, 16);
            sink.Flush(0, rect);
            bool onSocket = TryReadNow(qemu, out uint request, out byte[] payload);
            if (!onSocket)
            {
                Assert.Equal(0, synchronous);
                request = ReadMessage(qemu, out payload);
            }
            Assert.Equal(Update, request);
            Assert.Equal(((uint)rect.X, (uint)rect.Y, 32u, 16u), Rect(payload));

            sink.MoveCursor(0, attempt, 2 * attempt, visible: true);
            if (onSocket)
            {
                Assert.True(TryReadNow(qemu, out request, out payload), $"cursor move {attempt} was not sent before MoveCursor returned");
                synchronous++;
            }
            else
            {
                request = ReadMessage(qemu, out payload);
            }
            Assert.Equal(CursorPos, request);
            Assert.Equal((uint)attempt, BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(4)));
        }
        Assert.Equal(10, synchronous);
        image.ReleaseLease();
    }

    [Fact]
    public void When_qemu_stops_reading_calls_still_return_at_once_and_everything_arrives_in_order()
    {
        using var released = new ManualResetEventSlim();
        using var peer = new QemuDisplayPeer(new QemuDisplayPeerOptions { RecordMessages = false });
        using var sink = QemuDisplaySinkUpdateTests.Connected(peer);
        var image = TestImages.Random(256, 256, PixelFormat.Bgrx, seed: 22);
        var whole = new PixelRect(0, 0, 256, 256);
        peer.UpdateReceived = _ => released.Wait();
        sink.SetScanout(0, new ScanoutSource(image, whole));
        sink.Flush(0, whole);
        // The writer sends that first full update into the kernel buffer and is idle again.
        Thread.Sleep(100);

        // About 6 MiB of small updates while QEMU reads nothing: more than the kernel buffer holds,
        // so a direct send ends part-way and hands its tail to the writer thread, which blocks.
        var clock = Stopwatch.StartNew();
        const int Flushes = 400;
        for (int i = 0; i < Flushes; i++)
        {
            sink.Flush(0, new PixelRect(i * 64 % 256, i / 4 * 64 % 256, 64, 64));
            sink.MoveCursor(0, i, i + 1, visible: true);
        }
        var calls = clock.Elapsed;
        released.Set();

        Assert.True(calls < TimeSpan.FromSeconds(2), $"{Flushes} flushes and moves took {calls} with QEMU not reading");
        Assert.True(peer.WaitUntil(() => peer.Cursor is { X: Flushes - 1, Y: Flushes, Visible: true }, Patience));
        Assert.True(peer.WaitUntil(() => TestImages.FirstDifference(peer.Surface(0)!, image, whole) is null, Patience));
        Assert.Empty(peer.Violations);
        image.ReleaseLease();
    }

    private static void Negotiate(FileDescriptor qemu)
    {
        Assert.Equal(GetProtocolFeatures, ReadMessage(qemu, out _));
        Span<byte> reply = stackalloc byte[HeaderSize + 8];
        BinaryPrimitives.WriteUInt32LittleEndian(reply, GetProtocolFeatures);
        BinaryPrimitives.WriteUInt32LittleEndian(reply[4..], ReplyFlag);
        BinaryPrimitives.WriteUInt32LittleEndian(reply[8..], 8);
        Assert.Equal(0, UnixSocket.SendAll(qemu, reply, default));
        Assert.Equal(SetProtocolFeatures, ReadMessage(qemu, out _));
    }

    private static uint ReadMessage(FileDescriptor socket, out byte[] payload)
    {
        var header = new byte[HeaderSize];
        Assert.Equal(0, UnixSocket.ReceiveExactly(socket, header, [], out _));
        payload = new byte[BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8))];
        Assert.Equal(0, UnixSocket.ReceiveExactly(socket, payload, [], out _));
        return BinaryPrimitives.ReadUInt32LittleEndian(header);
    }

    // A whole message already waiting in the socket, read without blocking; false when nothing is there.
    private static bool TryReadNow(FileDescriptor socket, out uint request, out byte[] payload)
    {
        var header = new byte[HeaderSize];
        int n = UnixSocket.Receive(socket, header, [], out _, nonBlocking: true);
        if (n == -LibcConstants.EAGAIN)
        {
            (request, payload) = (0, []);
            return false;
        }
        Assert.Equal(HeaderSize, n);
        payload = new byte[BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8))];
        Assert.Equal(payload.Length, UnixSocket.Receive(socket, payload, [], out _, nonBlocking: true));
        request = BinaryPrimitives.ReadUInt32LittleEndian(header);
        return true;
    }

    private static (uint X, uint Y, uint Width, uint Height) Rect(byte[] update) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(update.AsSpan(4)), BinaryPrimitives.ReadUInt32LittleEndian(update.AsSpan(8)),
         BinaryPrimitives.ReadUInt32LittleEndian(update.AsSpan(12)), BinaryPrimitives.ReadUInt32LittleEndian(update.AsSpan(16)));
}
