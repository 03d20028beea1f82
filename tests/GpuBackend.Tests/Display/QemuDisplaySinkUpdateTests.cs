using VhostGpu.Display;
using VhostGpu.Rendering.Imaging;
using VhostGpu.TestSupport.QemuDisplay;
using static VhostGpu.TestSupport.QemuDisplay.VhostUserGpuMessage;

namespace VhostGpu.Tests.Display;

public sealed class QemuDisplaySinkUpdateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<PixelFormat> AllFormats => new(Enum.GetValues<PixelFormat>());

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Every_format_reaches_qemu_pixel_exact(PixelFormat format)
    {
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var image = TestImages.Random(37, 23, format, seed: (int)format);
        var rect = new PixelRect(0, 0, 37, 23);

        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.Flush(0, rect);

        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 1, Patience));
        Assert.Null(TestImages.FirstDifference(peer.Surface(0)!, image, rect));
        Assert.Empty(peer.Violations);
        image.ReleaseLease();
    }

    [Fact]
    public void Updates_are_positioned_relative_to_a_scanout_rect_not_at_the_origin()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var image = TestImages.Random(200, 100, PixelFormat.Xrgb, seed: 1);
        var rect = new PixelRect(50, 20, 100, 60);
        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.Flush(0, new PixelRect(0, 0, 100, 60));
        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 1, Patience));

        lock (image.SyncRoot)
        {
            image.Row(25, 60, 20).Fill(0x42);
        }
        sink.Flush(0, new PixelRect(10, 5, 20, 10));

        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 2, Patience));
        var scanout = Assert.Single(peer.MessagesOf(Scanout));
        Assert.Equal((0u, 100u, 60u), (scanout.ScanoutId, scanout.X, scanout.Y));
        var update = peer.MessagesOf(Update)[1];
        Assert.Equal((10u, 5u, 20u, 10u), (update.X, update.Y, update.Width, update.Height));
        Assert.Equal(20u + 20 * 10 * 4, update.Size);
        Assert.Null(TestImages.FirstDifference(peer.Surface(0)!, image, rect));
        Assert.Equal(0x424242u, peer.Surface(0)!.RgbAt(10, 5));
        image.ReleaseLease();
    }

    [Theory]
    [InlineData(1920, 1080, 8)]
    [InlineData(3840, 2160, 32)]
    public void Big_updates_go_out_in_row_bands_of_at_most_a_mebibyte(int width, int height, int bands)
    {
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var image = TestImages.Random(width, height, PixelFormat.Bgrx, seed: width);
        var rect = new PixelRect(0, 0, width, height);

        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.Flush(0, rect);

        Assert.True(peer.WaitUntil(() => peer.UpdateBytes == (long)width * height * 4, Patience));
        var updates = peer.MessagesOf(Update);
        Assert.Equal(bands, updates.Count);
        uint nextRow = 0;
        foreach (var update in updates)
        {
            Assert.Equal((0u, nextRow, (uint)width), (update.X, update.Y, update.Width));
            Assert.True(update.Size <= 20 + (1 << 20), $"band of {update.Size} bytes");
            nextRow += update.Height;
        }
        Assert.Equal((uint)height, nextRow);
        Assert.Null(TestImages.FirstDifference(peer.Surface(0)!, image, rect));
        Assert.Empty(peer.Violations);
        image.ReleaseLease();
    }

    [Fact]
    public void Rows_wider_than_a_band_are_split_into_columns()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var image = TestImages.Random(300_000, 2, PixelFormat.Rgba, seed: 3);
        var rect = new PixelRect(0, 0, 300_000, 2);
        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.Flush(0, rect);

        Assert.True(peer.WaitUntil(() => peer.UpdateBytes == 300_000L * 2 * 4, Patience));
        Assert.All(peer.MessagesOf(Update), u => Assert.True(u.Size <= 20 + (1 << 20)));
        Assert.Null(TestImages.FirstDifference(peer.Surface(0)!, image, rect));
        image.ReleaseLease();
    }

    [Fact]
    public void First_flush_after_a_scanout_change_repaints_the_whole_new_surface()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var first = TestImages.Random(64, 64, PixelFormat.Bgrx, seed: 4);
        var second = TestImages.Random(64, 64, PixelFormat.Bgrx, seed: 5);
        var rect = new PixelRect(0, 0, 64, 64);
        sink.SetScanout(0, new ScanoutSource(first, rect));
        sink.Flush(0, rect);
        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 1, Patience));

        sink.SetScanout(0, new ScanoutSource(second, rect));
        sink.Flush(0, new PixelRect(0, 0, 8, 8));

        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 2, Patience));
        Assert.Equal(2, peer.MessagesOf(Scanout).Count);
        Assert.Null(TestImages.FirstDifference(peer.Surface(0)!, second, rect));
        first.ReleaseLease();
        second.ReleaseLease();
    }

    [Fact]
    public void Setting_the_same_source_again_sends_nothing()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var image = TestImages.Random(32, 32, PixelFormat.Bgrx, seed: 6);
        var rect = new PixelRect(0, 0, 32, 32);
        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.Flush(0, rect);

        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 1, Patience));
        Assert.Single(peer.MessagesOf(Scanout));
        sink.SetScanout(0, null);
        image.ReleaseLease();
        Assert.True(TestImages.WaitUntilFreed(image, Patience), "the sink must give its lease back when the scanout is disabled");
    }

    [Fact]
    public void Empty_or_outside_damage_sends_no_update()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var image = TestImages.Random(32, 32, PixelFormat.Bgrx, seed: 7);
        var rect = new PixelRect(0, 0, 32, 32);
        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.Flush(0, rect);
        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 1, Patience));

        sink.Flush(0, new PixelRect(4, 4, 0, 10));
        sink.Flush(0, new PixelRect(40, 40, 5, 5));
        sink.Flush(0, new PixelRect(1, 1, 1, 1));

        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 2, Patience));
        Thread.Sleep(100);
        Assert.Equal(2, peer.UpdateCount);
        var last = peer.MessagesOf(Update)[1];
        Assert.Equal((1u, 1u, 1u, 1u), (last.X, last.Y, last.Width, last.Height));
        image.ReleaseLease();
    }

    [Fact]
    public void New_socket_gets_scanout_and_the_current_image_so_the_screen_survives_pause_and_resume()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var image = TestImages.Random(640, 480, PixelFormat.Bgrx, seed: 8);
        var rect = new PixelRect(0, 0, 640, 480);
        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.Flush(0, rect);
        Assert.True(peer.WaitUntil(() => peer.UpdateBytes == 640 * 480 * 4, Patience));

        // stop: QEMU closes its end; the guest keeps drawing (nobody sees it yet).
        peer.Disconnect();
        lock (image.SyncRoot)
        {
            new Random(9).NextBytes(image.Pixels);
        }
        sink.Flush(0, rect);

        // cont: a new socket.
        sink.AttachSocket(peer.Connect());
        Assert.True(peer.WaitUntil(() => peer.UpdateBytes == 2 * 640 * 480 * 4, Patience));
        Assert.Null(TestImages.FirstDifference(peer.Surface(0)!, image, rect));
        var requests = peer.Messages.Select(m => m.Request).ToList();
        int resumed = requests.LastIndexOf(GetProtocolFeatures);
        Assert.Equal(new uint[] { GetProtocolFeatures, SetProtocolFeatures, Scanout, Update }, requests.Skip(resumed).Take(4));
        Assert.Equal(2, peer.Connections);

        // Later drawing still arrives.
        lock (image.SyncRoot)
        {
            image.Row(0, 0, 640).Clear();
        }
        sink.Flush(0, new PixelRect(0, 0, 640, 1));
        Assert.True(peer.WaitUntil(() => peer.Surface(0)!.RgbAt(639, 0) == 0, Patience));
        Assert.Empty(peer.Violations);
        image.ReleaseLease();
    }

    [Fact]
    public void Replacing_a_socket_that_qemu_stopped_reading_does_not_wedge_the_writer()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var image = TestImages.Random(1920, 1080, PixelFormat.Bgrx, seed: 10);
        var rect = new PixelRect(0, 0, 1920, 1080);
        sink.SetScanout(0, new ScanoutSource(image, rect));

        // A socket nobody reads: the writer blocks in send once the kernel buffer is full.
        var (deaf, backendEnd) = VhostGpu.Interop.UnixSocket.CreatePair();
        sink.AttachSocket(backendEnd);
        UnixSocketWrite(deaf, [1, 0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]);
        for (int i = 0; i < 5; i++)
        {
            sink.Flush(0, rect);
        }
        Thread.Sleep(200);

        sink.AttachSocket(peer.Connect());
        Assert.True(peer.WaitUntil(() => peer.UpdateBytes == 1920L * 1080 * 4, Patience));
        Assert.Null(TestImages.FirstDifference(peer.Surface(0)!, image, rect));
        deaf.Dispose();
        image.ReleaseLease();
    }

    [Fact]
    public void Mode_switches_while_qemu_reads_nothing_queue_one_scanout_carrying_the_last_mode()
    {
        using var released = new ManualResetEventSlim();
        using var peer = new QemuDisplayPeer();
        using var sink = Connected(peer);
        var frame = TestImages.Random(1920, 1080, PixelFormat.Bgrx, seed: 11);
        sink.SetScanout(0, new ScanoutSource(frame, new PixelRect(0, 0, 1920, 1080)));
        // QEMU stops after the first band of this frame: the writer blocks in the rest of it.
        peer.UpdateReceived = _ => released.Wait();
        sink.Flush(0, new PixelRect(0, 0, 1920, 1080));
        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 1, Patience));

        // A guest flipping modes as fast as it can: nothing may pile up per flip.
        var small = TestImages.Random(1024, 768, PixelFormat.Bgrx, seed: 12);
        for (int i = 0; i < 20_000; i++)
        {
            int width = i % 2 == 0 ? 640 : 800;
            sink.SetScanout(0, new ScanoutSource(small, new PixelRect(0, 0, width, width * 3 / 4)));
        }
        sink.SetScanout(0, new ScanoutSource(small, new PixelRect(0, 0, 1024, 768)));
        int queued = sink.QueuedItems;
        released.Set();

        Assert.InRange(queued, 1, 2);

        Assert.True(peer.WaitUntil(() => peer.MessagesOf(Scanout).Count >= 2 && peer.UpdateBytes == 1920L * 1080 * 4, Patience));
        Thread.Sleep(100);
        var modes = peer.MessagesOf(Scanout).Select(m => (m.X, m.Y)).ToList();
        Assert.Equal([(1920u, 1080u), (1024u, 768u)], modes);
        Assert.Empty(peer.Violations);
        frame.ReleaseLease();
        small.ReleaseLease();
    }

    private static void UnixSocketWrite(VhostGpu.Interop.FileDescriptor socket, byte[] bytes) =>
        Assert.Equal(0, VhostGpu.Interop.UnixSocket.SendAll(socket, bytes, default));

    internal static QemuDisplaySink Connected(QemuDisplayPeer peer)
    {
        var sink = new QemuDisplaySink();
        sink.AttachSocket(peer.Connect());
        Assert.True(peer.WaitUntil(() => peer.NegotiatedFeatures is not null, Patience));
        return sink;
    }
}
