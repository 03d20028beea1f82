using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.SharedObjects;

public sealed class HostImageStorageTests
{
    [Fact]
    public void MovingKeepsThePixelsAndLaterWritesLandInTheSharedPages()
    {
        var image = HostImage.TryCreate(33, 7, PixelFormat.Bgrx)!;
        new Random(1).NextBytes(image.Pixels);
        byte[] before = image.Pixels.ToArray();
        var memory = SharedPixelMemory.TryCreate("image", image.ByteSize, out _)!;

        Assert.True(image.TryMoveTo(memory));
        using var exported = memory.TryExport(out _)!;
        using var holder = MemoryMapping.TryMap(exported, (ulong)memory.Length, out _)!;
        Assert.Equal(before, holder.GetSpan(0, (int)image.ByteSize).ToArray());

        lock (image.SyncRoot)
        {
            image.Row(6, 32, 1).Fill(0xee);
        }
        Assert.Equal(new byte[] { 0xee, 0xee, 0xee, 0xee }, holder.GetSpan((ulong)(6 * image.Stride + 32 * 4), 4).ToArray());
        image.ReleaseLease();
    }

    [Fact]
    public void LastLeaseClosesTheSharedStorage()
    {
        var image = HostImage.TryCreate(4, 4, PixelFormat.Rgba)!;
        var memory = SharedPixelMemory.TryCreate("image", image.ByteSize, out _)!;
        Assert.True(image.TryMoveTo(memory));
        Assert.True(image.TryAddLease());

        image.ReleaseLease();
        Assert.False(memory.File.IsClosed);
        image.ReleaseLease();

        Assert.True(memory.File.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => image.Pixels.Length);
    }

    [Fact]
    public void PinnedPixelsOutliveAMoveAndTheLastLeaseUntilUnpinned()
    {
        var image = HostImage.TryCreate(8, 8, PixelFormat.Bgrx)!;
        var first = SharedPixelMemory.TryCreate("first", image.ByteSize, out _)!;
        Assert.True(image.TryMoveTo(first));
        new Random(2).NextBytes(image.Pixels);
        byte[] pinnedBytes = image.Pixels.ToArray();
        var pinned = image.TryPinPixels()!;

        var second = SharedPixelMemory.TryCreate("second", image.ByteSize, out _)!;
        Assert.True(image.TryMoveTo(second));
        image.Pixels.Fill(0x55);
        image.ReleaseLease();

        // The image moved on and is freed; the pinned memory is still the old storage, untouched.
        Assert.True(second.File.IsClosed);
        Assert.False(first.File.IsClosed);
        Assert.Equal(pinnedBytes, pinned.Pixels.ToArray());
        pinned.Dispose();
        Assert.True(first.File.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => pinned.Pixels.Length);
        Assert.Null(image.TryPinPixels());
    }

    [Fact]
    public void StorageTooSmallIsRefusedAndStaysTheCallers()
    {
        var image = HostImage.TryCreate(2048, 2, PixelFormat.Bgra)!;
        using var memory = SharedPixelMemory.TryCreate("image", 4096, out _)!;

        Assert.False(image.TryMoveTo(memory));
        image.ReleaseLease();
        Assert.False(memory.File.IsClosed);
    }

    [Fact]
    public void FreedImageRefusesToMove()
    {
        var image = HostImage.TryCreate(1, 1, PixelFormat.Bgra)!;
        image.ReleaseLease();
        using var memory = SharedPixelMemory.TryCreate("image", 4, out _)!;

        Assert.False(image.TryMoveTo(memory));
        Assert.False(memory.File.IsClosed);
    }
}
