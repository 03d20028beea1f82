using VhostGpu.Display;
using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;
using VhostGpu.TestSupport.QemuDisplay;

namespace VhostGpu.Tests.Display;

// Counts descriptors and threads of the whole process, so no other test may run meanwhile.
[Collection(ProcessWideCounts.Name)]
public sealed class QemuDisplaySinkLifetimeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public void Dispose_stops_the_threads_closes_the_socket_and_its_pipe_and_releases_the_leases()
    {
        var images = new List<HostImage>();
        var started = new HashSet<string>();
        int fdsBefore = 0;
        for (int i = 0; i < 11; i++)
        {
            if (i == 1)
            {
                // The first round warms up the runtime, which opens descriptors of its own once.
                fdsBefore = SettledOpenFds();
            }
            var threadsBefore = SinkThreads();
            using var peer = new QemuDisplayPeer();
            var sink = QemuDisplaySinkUpdateTests.Connected(peer);
            // A mebibyte of whole B,G,R,X rows: the writer thread sends it through its page pipe.
            var image = TestImages.Random(512, 512, PixelFormat.Bgrx, seed: i);
            sink.SetScanout(0, new ScanoutSource(image, new PixelRect(0, 0, 512, 512)));
            sink.Flush(0, new PixelRect(0, 0, 512, 512));
            Assert.True(peer.WaitUntil(() => peer.UpdateCount == 1, Patience));
            var threads = SinkThreads();
            threads.ExceptWith(threadsBefore);
            Assert.True(threads.Count(t => t.Name == "qemu-display-wr" || t.Name == "qemu-display-re") == 2,
                "the sink's writer and reader threads are visible while it runs");
            started.UnionWith(threads.Select(t => t.Id));
            sink.Dispose();
            image.ReleaseLease();
            images.Add(image);
        }

        // A joined thread leaves /proc a moment after Join returns.
        Assert.True(SpinWait.SpinUntil(() => !SinkThreads().Any(t => started.Contains(t.Id)), Patience), "a display thread outlived Dispose");
        Assert.Equal(fdsBefore, SettledOpenFds());
        Assert.All(images, image => Assert.False(image.TryAddLease()));
    }

    [Fact]
    public void Calls_never_wait_for_a_qemu_that_reads_nothing()
    {
        var (deaf, backendEnd) = UnixSocket.CreatePair();
        var sink = new QemuDisplaySink();
        sink.AttachSocket(backendEnd);
        // Answer GET_PROTOCOL_FEATURES, then never read again.
        Assert.Equal(0, UnixSocket.SendAll(deaf, [1, 0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], default));
        // A 33 MB frame never fits the socket's buffers: once it starts arriving, the writer is
        // about to block in send for good, and any call that waited for it would never return.
        var image = TestImages.Random(3840, 2160, PixelFormat.Bgrx, seed: 1);
        var rect = new PixelRect(0, 0, 3840, 2160);
        sink.SetScanout(0, new ScanoutSource(image, rect));
        Assert.True(UnixSocket.WaitReadable(deaf, (int)Patience.TotalMilliseconds), "the sink never started sending");

        var calls = new Thread(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                sink.Flush(0, rect);
                sink.MoveCursor(0, i, i, visible: true);
                sink.QueryDisplayInfo(_ => { });
            }
        });
        calls.Start();
        Assert.True(calls.Join(Patience), "a call waited for the writer stuck in send");
        var disposing = new Thread(sink.Dispose);
        disposing.Start();
        Assert.True(disposing.Join(Patience), "dispose must unblock a writer stuck in send");
        deaf.Dispose();
        image.ReleaseLease();
    }

    // Handles that earlier tests left to the finalizer must not close in the middle of the count.
    private static int SettledOpenFds()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Directory.GetFiles("/proc/self/fd").Length;
    }

    // Linux keeps the first 15 bytes of a thread's name; task ids are not reused while we look.
    private static HashSet<(string Id, string Name)> SinkThreads()
    {
        var threads = new HashSet<(string, string)>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            string name;
            try
            {
                name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            }
            catch (IOException)
            {
                continue; // the thread ended between listing and reading
            }
            if (name.StartsWith("qemu-display-", StringComparison.Ordinal))
            {
                threads.Add((Path.GetFileName(task), name));
            }
        }
        return threads;
    }
}
