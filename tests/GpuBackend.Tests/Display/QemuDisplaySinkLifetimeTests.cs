using System.Diagnostics;
using VhostGpu.Display;
using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;
using VhostGpu.TestSupport.QemuDisplay;

namespace VhostGpu.Tests.Display;

public sealed class QemuDisplaySinkLifetimeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public void Dispose_stops_the_threads_closes_the_socket_and_releases_the_leases()
    {
        var images = new List<HostImage>();
        int fdsBefore = 0, threadsBefore = 0;
        for (int i = 0; i < 11; i++)
        {
            if (i == 1)
            {
                // The first round warms up the runtime, which opens descriptors of its own once.
                fdsBefore = OpenFds();
                threadsBefore = SinkThreads();
            }
            using var peer = new QemuDisplayPeer();
            var sink = QemuDisplaySinkUpdateTests.Connected(peer);
            var image = TestImages.Random(64, 64, PixelFormat.Bgrx, seed: i);
            sink.SetScanout(0, new ScanoutSource(image, new PixelRect(0, 0, 64, 64)));
            sink.Flush(0, new PixelRect(0, 0, 64, 64));
            Assert.True(peer.WaitUntil(() => peer.UpdateCount == 1, Patience));
            Assert.True(SinkThreads() >= threadsBefore + 2, "the sink's writer and reader threads are visible while it runs");
            sink.Dispose();
            image.ReleaseLease();
            images.Add(image);
        }

        Assert.Equal(threadsBefore, SinkThreads());
        Assert.Equal(fdsBefore, OpenFds());
        Assert.All(images, image => Assert.False(image.TryAddLease()));
    }

    [Fact]
    public void Calls_return_at_once_while_qemu_reads_nothing()
    {
        var (deaf, backendEnd) = UnixSocket.CreatePair();
        var sink = new QemuDisplaySink();
        sink.AttachSocket(backendEnd);
        // Answer GET_PROTOCOL_FEATURES, then never read again.
        Assert.Equal(0, UnixSocket.SendAll(deaf, [1, 0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], default));
        var image = TestImages.Random(3840, 2160, PixelFormat.Bgrx, seed: 1);
        var rect = new PixelRect(0, 0, 3840, 2160);
        sink.SetScanout(0, new ScanoutSource(image, rect));
        Thread.Sleep(100);

        var slowest = TimeSpan.Zero;
        for (int i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            sink.Flush(0, rect);
            sink.MoveCursor(0, i, i, visible: true);
            sink.QueryDisplayInfo(_ => { });
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }
        var disposing = Stopwatch.StartNew();
        sink.Dispose();

        Assert.True(slowest < TimeSpan.FromMilliseconds(50), $"a call took {slowest.TotalMilliseconds} ms");
        Assert.True(disposing.Elapsed < TimeSpan.FromSeconds(2), "dispose must unblock a writer stuck in send");
        deaf.Dispose();
        image.ReleaseLease();
    }

    private static int OpenFds() => Directory.GetFiles("/proc/self/fd").Length;

    // Linux keeps the first 15 bytes of a thread's name.
    private static int SinkThreads() =>
        Directory.GetDirectories("/proc/self/task").Count(task =>
            File.ReadAllText(Path.Combine(task, "comm")).StartsWith("qemu-display-", StringComparison.Ordinal));
}
