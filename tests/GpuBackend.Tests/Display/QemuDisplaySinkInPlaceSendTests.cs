using VhostGpu.Display;
using VhostGpu.Rendering.Imaging;
using VhostGpu.TestSupport.QemuDisplay;

namespace VhostGpu.Tests.Display;

/// <summary>Whole-row B,G,R,X / B,G,R,A bands go from the image to the socket without a copy, but never hold the image's lock while blocked.</summary>
public sealed class QemuDisplaySinkInPlaceSendTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(PixelFormat.Bgrx)]
    [InlineData(PixelFormat.Bgra)]
    public void A_stalled_qemu_leaves_the_image_lock_free_and_still_gets_every_pixel(PixelFormat format)
    {
        using var peer = new QemuDisplayPeer(new QemuDisplayPeerOptions { RecordMessages = false });
        using var sink = QemuDisplaySinkUpdateTests.Connected(peer);
        var image = TestImages.Random(1920, 1080, format, seed: 12);
        var rect = new PixelRect(0, 0, 1920, 1080);
        bool? lockWasFree = null;
        peer.UpdateReceived = _ =>
        {
            if (lockWasFree is null)
            {
                // QEMU busy: the kernel buffer fills up behind this first band and the writer blocks.
                Thread.Sleep(300);
                lockWasFree = Monitor.TryEnter(image.SyncRoot, TimeSpan.FromSeconds(2));
                if (lockWasFree == true)
                {
                    Monitor.Exit(image.SyncRoot);
                }
            }
        };

        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.Flush(0, rect);

        Assert.True(peer.WaitUntil(() => peer.UpdateBytes == 1920L * 1080 * 4, Patience));
        Assert.True(lockWasFree);
        Assert.Null(TestImages.FirstDifference(peer.Surface(0)!, image, rect));
        Assert.Empty(peer.Violations);
        image.ReleaseLease();
    }

    [Fact]
    public void Bands_narrower_than_the_image_keep_the_converting_copy_and_stay_exact()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = QemuDisplaySinkUpdateTests.Connected(peer);
        var image = TestImages.Random(640, 480, PixelFormat.Bgrx, seed: 13);
        var rect = new PixelRect(0, 0, 640, 480);
        sink.SetScanout(0, new ScanoutSource(image, rect));
        sink.Flush(0, rect);
        Assert.True(peer.WaitUntil(() => peer.UpdateBytes == 640 * 480 * 4, Patience));

        sink.Flush(0, new PixelRect(100, 50, 64, 64));

        Assert.True(peer.WaitUntil(() => peer.UpdateBytes == (640 * 480 * 4) + (64 * 64 * 4), Patience));
        var last = peer.MessagesOf(VhostUserGpuMessage.Update)[^1];
        Assert.Equal((100u, 50u, 64u, 64u), (last.X, last.Y, last.Width, last.Height));
        Assert.Null(TestImages.FirstDifference(peer.Surface(0)!, image, rect));
        image.ReleaseLease();
    }
}
