using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.Interop;

/// <summary>Pages of native memory reach a socket by reference through vmsplice + splice.</summary>
public sealed class PagePipeTests
{
    [Fact]
    public async Task Native_memory_arrives_byte_exact_however_it_is_cut()
    {
        // 3 MiB of pixels in native memory (what images are), sent from an odd offset so loads
        // start and end inside pages.
        var image = HostImage.TryCreate(1024, 768, PixelFormat.Bgrx)!;
        lock (image.SyncRoot)
        {
            new Random(5).NextBytes(image.Pixels);
        }
        var expected = image.Pixels[13..].ToArray();
        var (sender, receiver) = UnixSocket.CreatePair();
        using var pipe = PagePipe.TryCreate(1 << 20, out int errno) ?? throw new InvalidOperationException($"pipe: {errno}");

        var sending = Task.Run(() =>
        {
            int sent = 0;
            while (sent < expected.Length)
            {
                int loaded;
                lock (image.SyncRoot)
                {
                    loaded = pipe.Load(image.Pixels[(13 + sent)..]);
                }
                Assert.InRange(loaded, 1, pipe.Capacity);
                Assert.Equal(0, pipe.DrainInto(sender, loaded));
                sent += loaded;
            }
        });
        var received = new byte[expected.Length];
        Assert.Equal(0, UnixSocket.ReceiveExactly(receiver, received, [], out _));
        await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(received.AsSpan().SequenceEqual(expected));
        sender.Dispose();
        receiver.Dispose();
        image.ReleaseLease();
    }

    [Fact]
    public void A_load_takes_no_more_than_the_pipe_holds()
    {
        var image = HostImage.TryCreate(1024, 1024, PixelFormat.Bgrx)!;
        using var pipe = PagePipe.TryCreate(64 * 1024, out _)!;
        int loaded;
        lock (image.SyncRoot)
        {
            loaded = pipe.Load(image.Pixels);
        }
        Assert.True(pipe.Capacity >= 64 * 1024);
        // The pipe holds whole pages' worth of slots: memory that starts inside a page fills one less byte-for-byte.
        Assert.InRange(loaded, pipe.Capacity - 4096, pipe.Capacity);
        image.ReleaseLease();
    }

    [Fact]
    public void Draining_into_a_socket_whose_reader_is_gone_fails_with_epipe()
    {
        var image = HostImage.TryCreate(256, 256, PixelFormat.Bgrx)!;
        var (sender, receiver) = UnixSocket.CreatePair();
        receiver.Dispose();
        using var pipe = PagePipe.TryCreate(1 << 20, out _)!;
        int loaded;
        lock (image.SyncRoot)
        {
            loaded = pipe.Load(image.Pixels);
        }

        Assert.Equal(-LibcConstants.EPIPE, pipe.DrainInto(sender, loaded));
        sender.Dispose();
        image.ReleaseLease();
    }

    [Fact]
    public void After_dispose_calls_fail_cleanly_instead_of_using_a_closed_descriptor()
    {
        var image = HostImage.TryCreate(64, 64, PixelFormat.Bgrx)!;
        var (sender, receiver) = UnixSocket.CreatePair();
        var pipe = PagePipe.TryCreate(1 << 20, out _)!;
        pipe.Dispose();

        lock (image.SyncRoot)
        {
            Assert.Equal(-LibcConstants.EPIPE, pipe.Load(image.Pixels));
        }
        Assert.Equal(-LibcConstants.EPIPE, pipe.DrainInto(sender, 4096));
        sender.Dispose();
        receiver.Dispose();
        image.ReleaseLease();
    }
}
