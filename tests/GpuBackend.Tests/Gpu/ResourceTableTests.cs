using VhostGpu.Gpu.Resources;
using VhostGpu.Gpu.Wire;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.Gpu;

public class ResourceTableTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void IdZeroAndDuplicatesAreRefused()
    {
        var table = new ResourceTable(new HostMemoryBudget(256 * MiB));

        Assert.Equal(ResponseType.ErrInvalidResourceId, table.TryCreate(0, PixelFormat.Bgrx, 64, 64));
        Assert.Equal(ResponseType.OkNoData, table.TryCreate(1, PixelFormat.Bgrx, 64, 64));
        Assert.Equal(ResponseType.ErrInvalidResourceId, table.TryCreate(1, PixelFormat.Bgrx, 64, 64));
        Assert.Equal(1, table.Count);
        table.Clear();
    }

    [Theory]
    [InlineData(0u, 64u)]
    [InlineData(64u, 0u)]
    public void EmptySizesAreInvalidParameters(uint width, uint height)
    {
        var table = new ResourceTable(new HostMemoryBudget(256 * MiB));

        Assert.Equal(ResponseType.ErrInvalidParameter, table.TryCreate(1, PixelFormat.Bgra, width, height));
        Assert.Equal(0, table.Count);
    }

    [Theory]
    [InlineData(0x4000_0001u, 1u)]         // stride 0x1_0000_0004 overflows 32 bits
    [InlineData(0x4000_0001u, 0x4000u)]
    [InlineData(0xFFFF_FFFFu, 0xFFFF_FFFFu)] // byte size needs 66 bits
    [InlineData(8193u, 8192u)]              // just over 256 MiB
    public void SizesBeyondTheBudgetOrAnyRepresentationAreOutOfMemory(uint width, uint height)
    {
        var table = new ResourceTable(new HostMemoryBudget(256 * MiB));

        Assert.Equal(ResponseType.ErrOutOfMemory, table.TryCreate(1, PixelFormat.Bgrx, width, height));
        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.Budget.Used);
    }

    [Fact]
    public void TheBudgetCountsEveryLiveResourceAndIsReturnedOnDestroy()
    {
        var table = new ResourceTable(new HostMemoryBudget(8 * MiB));

        Assert.Equal(ResponseType.OkNoData, table.TryCreate(1, PixelFormat.Bgrx, 1024, 1024));
        Assert.Equal(ResponseType.OkNoData, table.TryCreate(2, PixelFormat.Bgrx, 1024, 1024));
        Assert.Equal(8 * MiB, table.Budget.Used);
        Assert.Equal(ResponseType.ErrOutOfMemory, table.TryCreate(3, PixelFormat.Bgrx, 1, 1));

        Assert.True(table.TryGet(1, out var first));
        table.Destroy(first);
        Assert.Equal(4 * MiB, table.Budget.Used);
        Assert.Equal(ResponseType.OkNoData, table.TryCreate(3, PixelFormat.Bgrx, 1024, 1024));

        table.Clear();
        Assert.Equal(0, table.Budget.Used);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void DestroyEndsTheTablesLeaseButNotOthers()
    {
        var table = new ResourceTable(new HostMemoryBudget(256 * MiB));
        table.TryCreate(5, PixelFormat.Rgba, 16, 16);
        Assert.True(table.TryGet(5, out var resource));
        var image = resource.Image;
        Assert.True(image.TryAddLease());

        table.Destroy(resource);

        Assert.Equal(16 * 16 * 4, image.Pixels.Length);
        image.ReleaseLease();
        Assert.False(image.TryAddLease());
    }

    [Fact]
    public void NewImagesAreZeroed()
    {
        var table = new ResourceTable(new HostMemoryBudget(256 * MiB));
        table.TryCreate(9, PixelFormat.Abgr, 33, 7);
        Assert.True(table.TryGet(9, out var resource));

        Assert.Equal(33, resource.Width);
        Assert.Equal(7, resource.Height);
        Assert.Equal(PixelFormat.Abgr, resource.Image.Format);
        Assert.All(resource.Image.Pixels.ToArray(), b => Assert.Equal(0, b));
        table.Clear();
    }
}
