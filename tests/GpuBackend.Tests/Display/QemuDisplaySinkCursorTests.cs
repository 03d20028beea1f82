using VhostGpu.Display;
using VhostGpu.Rendering.Imaging;
using VhostGpu.TestSupport.QemuDisplay;
using static VhostGpu.TestSupport.QemuDisplay.VhostUserGpuMessage;

namespace VhostGpu.Tests.Display;

public sealed class QemuDisplaySinkCursorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public void Set_cursor_sends_the_whole_image_with_hot_spot_and_position()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = QemuDisplaySinkUpdateTests.Connected(peer);
        var image = CursorPixels(seed: 1);

        sink.SetCursor(0, new CursorImage(image, hotX: 5, hotY: 7), 100, 200);

        Assert.True(peer.WaitUntil(() => peer.Cursor.ImageUpdates == 1, Patience));
        var update = Assert.Single(peer.MessagesOf(CursorUpdate));
        Assert.Equal((uint)CursorUpdateSize, update.Size);
        Assert.Equal(new PeerCursor(0, 100, 200, true, 5, 7, peer.Cursor.Bgra, 1), peer.Cursor);
        Assert.Equal(image, peer.Cursor.Bgra);
        Assert.Empty(peer.Violations);
    }

    [Fact]
    public void Move_cursor_shows_or_hides_it_at_the_new_place()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = QemuDisplaySinkUpdateTests.Connected(peer);
        sink.SetCursor(0, new CursorImage(CursorPixels(seed: 2), 0, 0), 1, 1);
        Assert.True(peer.WaitUntil(() => peer.Cursor.ImageUpdates == 1, Patience));

        sink.MoveCursor(0, 300, 400, visible: true);
        Assert.True(peer.WaitUntil(() => peer.Cursor is { X: 300, Y: 400, Visible: true }, Patience));
        sink.MoveCursor(0, 310, 410, visible: false);
        Assert.True(peer.WaitUntil(() => peer.Cursor is { X: 310, Y: 410, Visible: false }, Patience));

        Assert.NotEmpty(peer.MessagesOf(CursorPos));
        Assert.NotEmpty(peer.MessagesOf(CursorPosHide));
        Assert.Equal(1, peer.Cursor.ImageUpdates);
    }

    [Fact]
    public void A_burst_of_moves_ends_at_the_last_position()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = QemuDisplaySinkUpdateTests.Connected(peer);
        for (int i = 0; i < 10_000; i++)
        {
            sink.MoveCursor(0, i, i / 2, visible: true);
        }
        Assert.True(peer.WaitUntil(() => peer.Cursor is { X: 9999, Y: 4999, Visible: true }, Patience));
        Assert.True(peer.MessagesOf(CursorPos).Count <= 10_000);
    }

    [Fact]
    public void Cursor_is_shown_again_on_a_new_socket()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = QemuDisplaySinkUpdateTests.Connected(peer);
        var image = CursorPixels(seed: 3);
        sink.SetCursor(0, new CursorImage(image, 1, 2), 10, 20);
        Assert.True(peer.WaitUntil(() => peer.Cursor.ImageUpdates == 1, Patience));

        sink.AttachSocket(peer.Connect());

        Assert.True(peer.WaitUntil(() => peer.Cursor.ImageUpdates == 2, Patience));
        Assert.Equal(image, peer.Cursor.Bgra);
        Assert.True(peer.Cursor.Visible);
    }

    [Fact]
    public void Cursor_forgotten_by_a_reset_while_disconnected_is_hidden_on_the_next_socket()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = QemuDisplaySinkUpdateTests.Connected(peer);
        sink.SetCursor(0, new CursorImage(CursorPixels(seed: 6), 0, 0), 10, 20);
        Assert.True(peer.WaitUntil(() => peer.Cursor.Visible, Patience));

        peer.Disconnect();
        sink.Reset();
        sink.AttachSocket(peer.Connect());

        Assert.True(peer.WaitUntil(() => peer.MessagesOf(CursorPosHide).Count == 1, Patience));
        Assert.False(peer.Cursor.Visible);
        Assert.Equal(1, peer.Cursor.ImageUpdates);
    }

    [Fact]
    public void Reset_blanks_every_active_scanout_hides_the_cursor_and_frees_the_images()
    {
        using var peer = new QemuDisplayPeer(new QemuDisplayPeerOptions { MaxOutputs = 2 });
        using var sink = QemuDisplaySinkUpdateTests.Connected(peer);
        var image = TestImages.Random(64, 32, PixelFormat.Bgrx, seed: 4);
        sink.SetScanout(0, new ScanoutSource(image, new PixelRect(0, 0, 32, 32)));
        sink.SetScanout(1, new ScanoutSource(image, new PixelRect(32, 0, 32, 32)));
        sink.Flush(0, new PixelRect(0, 0, 32, 32));
        sink.Flush(1, new PixelRect(0, 0, 32, 32));
        sink.SetCursor(0, new CursorImage(CursorPixels(seed: 5), 0, 0), 3, 3);
        Assert.True(peer.WaitUntil(() => peer.UpdateCount == 2 && peer.Cursor.Visible, Patience));

        sink.Reset();

        Assert.True(peer.WaitUntil(() => peer.Surface(0) is null && peer.Surface(1) is null && !peer.Cursor.Visible, Patience));
        Assert.Equal(2, peer.MessagesOf(Scanout).Count(m => m.X == 0 && m.Y == 0));
        image.ReleaseLease();
        Assert.True(TestImages.WaitUntilFreed(image, Patience), "reset must release the sink's leases");
        Assert.Empty(peer.Violations);
    }

    private static byte[] CursorPixels(int seed)
    {
        var pixels = new byte[CursorImage.ByteLength];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }
}
