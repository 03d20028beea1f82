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
