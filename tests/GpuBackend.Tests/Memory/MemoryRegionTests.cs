using VhostGpu.Interop;
using VhostGpu.Memory;

namespace VhostGpu.Tests.Memory;

public sealed class MemoryRegionTests
{
    private const long FileSize = 64 << 10;

    [Fact]
    public void RegionDataStartsAtTheMmapOffset()
    {
        using var fd = FileDescriptor.CreateMemory("ram", FileSize);
        using (var whole = MemoryMapping.TryMap(fd, FileSize, out _)!)
        {
            "region"u8.CopyTo(whole.GetSpan(0x1000, 6));
        }
        using var map = new GuestMemoryMap();
        var region = MemoryRegion.TryMap(new MemoryRegionDescriptor(0x4000_0000, 0x2000, 0x7f00_0000_0000, 0x1000), fd, out string? error);
        Assert.NotNull(region);
        Assert.Null(error);
        Assert.True(map.TryAdd(region, out _));

        byte[] got = new byte[6];
        Assert.True(map.TryRead(0x4000_0000, got));
        Assert.Equal("region"u8.ToArray(), got);
        Assert.False(map.IsMapped(0x4000_2000, 1));
        Assert.True(map.TryTranslateUserAddress(0x7f00_0000_0100, 4, out ulong gpa));
        Assert.Equal(0x4000_0100UL, gpa);
    }

    [Fact]
    public void SizeZeroIsRefused()
    {
        using var fd = FileDescriptor.CreateMemory("ram", FileSize);

        Assert.Null(MemoryRegion.TryMap(new MemoryRegionDescriptor(0, 0, 0x7f00_0000_0000, 0), fd, out string? error));
        Assert.Contains("size 0", error);
    }

    [Theory]
    [InlineData(0x1000, 0x1000, 0x1000)]
    [InlineData(FileSize, FileSize, 0x1000)]
    [InlineData(FileSize, 0, FileSize + 1)]
    public void RegionBeyondTheEndOfItsFileIsRefused(long fileSize, long offset, long size)
    {
        using var fd = FileDescriptor.CreateMemory("ram", fileSize);

        Assert.Null(MemoryRegion.TryMap(new MemoryRegionDescriptor(0, (ulong)size, 0x7f00_0000_0000, (ulong)offset), fd, out string? error));
        Assert.Contains("the file has", error);
    }

    [Theory]
    [InlineData(ulong.MaxValue - 0xfff, 0x2000, 0x7f00_0000_0000UL, 0UL)]
    [InlineData(0UL, 0x2000, ulong.MaxValue - 0xfff, 0UL)]
    [InlineData(0UL, 0x2000, 0x7f00_0000_0000UL, ulong.MaxValue - 0xfff)]
    public void RangesThatWrapAreRefused(ulong gpa, ulong size, ulong userAddress, ulong offset)
    {
        using var fd = FileDescriptor.CreateMemory("ram", FileSize);

        Assert.Null(MemoryRegion.TryMap(new MemoryRegionDescriptor(gpa, size, userAddress, offset), fd, out string? error));
        Assert.Contains("wraps", error);
    }

    [Fact]
    public void OffsetPastTheLargestFileIsRefused()
    {
        using var fd = FileDescriptor.CreateMemory("ram", FileSize);

        Assert.Null(MemoryRegion.TryMap(new MemoryRegionDescriptor(0, 0x1000, 0x7f00_0000_0000, (ulong)long.MaxValue), fd, out string? error));
        Assert.Contains("largest mappable file", error);
    }
}
