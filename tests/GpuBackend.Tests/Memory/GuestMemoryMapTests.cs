using VhostGpu.Memory;
using VhostGpu.TestSupport.Guest;

namespace VhostGpu.Tests.Memory;

public sealed class GuestMemoryMapTests : IDisposable
{
    private const ulong RegionSize = 64 << 10;
    private const ulong Base = 0x1_0000_0000;

    // Three regions: [Base, +64K) and [Base+64K, +64K) adjacent, then a 64K hole, then [Base+192K, +64K).
    // Their front-end virtual addresses are deliberately not in guest-physical order.
    private readonly GuestRam _low = new(RegionSize, Base, 0x7f00_0002_0000);
    private readonly GuestRam _adjacent = new(RegionSize, Base + RegionSize, 0x7f00_0000_0000);
    private readonly GuestRam _afterHole = new(RegionSize, Base + (3 * RegionSize), 0x7f00_0004_0000);
    private readonly GuestMemoryMap _map = new();

    public GuestMemoryMapTests()
    {
        foreach (var ram in new[] { _afterHole, _low, _adjacent })
        {
            Assert.True(_map.TryAdd(Map(ram), out string? error), error);
        }
    }

    public void Dispose()
    {
        _map.Dispose();
        _low.Dispose();
        _adjacent.Dispose();
        _afterHole.Dispose();
    }

    [Fact]
    public void RegionsAreKeptInGuestPhysicalOrder()
    {
        Assert.Equal([Base, Base + RegionSize, Base + (3 * RegionSize)], _map.Regions.Select(r => r.GuestPhysicalAddress));
    }

    [Fact]
    public void ReadAndWriteStraddleAdjacentRegions()
    {
        ulong at = Base + RegionSize - 3;
        Assert.True(_map.IsMapped(at, 6));
        Assert.True(_map.TryWrite(at, "abcdef"u8));

        Assert.Equal("abc"u8.ToArray(), _low.Bytes(at, 3).ToArray());
        Assert.Equal("def"u8.ToArray(), _adjacent.Bytes(Base + RegionSize, 3).ToArray());
        byte[] back = new byte[6];
        Assert.True(_map.TryRead(at, back));
        Assert.Equal("abcdef"u8.ToArray(), back);
    }

    [Fact]
    public void RangeReachingIntoAHoleFailsAsAWhole()
    {
        ulong at = Base + (2 * RegionSize) - 4;
        _adjacent.Bytes(at, 4).Fill(0x55);

        Assert.False(_map.IsMapped(at, 8));
        Assert.False(_map.TryWrite(at, new byte[8]));
        Assert.Equal([0x55, 0x55, 0x55, 0x55], _adjacent.Bytes(at, 4).ToArray());
        Assert.False(_map.TryRead(at, new byte[8]));
        Assert.False(_map.IsMapped(Base + (2 * RegionSize), 1));
        Assert.True(_map.GetReadableSpan(Base + (2 * RegionSize), 16).IsEmpty);
    }

    [Fact]
    public void RangeAcrossTheHoleToTheNextRegionFails()
    {
        Assert.False(_map.IsMapped(Base, 4 * RegionSize));
        Assert.True(_map.IsMapped(Base, 2 * RegionSize));
    }

    [Fact]
    public void RangeWrappingTwoToTheSixtyFourFails()
    {
        Assert.False(_map.IsMapped(ulong.MaxValue - 1, 4));
        Assert.False(_map.IsMapped(Base, ulong.MaxValue));
        Assert.False(_map.TryRead(ulong.MaxValue, new byte[2]));
        Assert.True(_map.IsMapped(ulong.MaxValue, 0));
    }

    [Fact]
    public void AddressesBelowAndAboveAllRegionsAreUnmapped()
    {
        Assert.False(_map.IsMapped(0, 1));
        Assert.False(_map.IsMapped(Base - 1, 2));
        Assert.False(_map.IsMapped(Base + (4 * RegionSize), 1));
        Assert.False(_map.IsMapped(Base + (4 * RegionSize) - 1, 2));
        Assert.True(_map.IsMapped(Base + (4 * RegionSize) - 1, 1));
    }

    [Fact]
    public void GetReadableSpanStopsAtTheRegionEnd()
    {
        "xyz"u8.CopyTo(_low.Bytes(Base + RegionSize - 3, 3));

        var span = _map.GetReadableSpan(Base + RegionSize - 3, 100);

        Assert.Equal("xyz"u8.ToArray(), span.ToArray());
    }

    [Fact]
    public void UserAddressesTranslateWithinOneRegion()
    {
        Assert.True(_map.TryTranslateUserAddress(_adjacent.UserAddress + 0x10, 0x100, out ulong gpa));
        Assert.Equal(Base + RegionSize + 0x10, gpa);
        Assert.True(_map.TryTranslateUserAddress(_low.UserAddress, RegionSize, out gpa));
        Assert.Equal(Base, gpa);

        // _adjacent's VA range ends where nothing is mapped; _low's VA range is not contiguous with it.
        Assert.False(_map.TryTranslateUserAddress(_adjacent.UserAddress + RegionSize - 8, 16, out _));
        Assert.False(_map.TryTranslateUserAddress(_low.UserAddress - 1, 1, out _));
        Assert.False(_map.TryTranslateUserAddress(ulong.MaxValue - 4, 8, out _));
    }

    [Fact]
    public void OverlappingRegionIsRefused()
    {
        using var ram = new GuestRam(RegionSize, Base + RegionSize + 4096, 0x7f10_0000_0000);
        var region = Map(ram);

        Assert.False(_map.TryAdd(region, out string? error));
        Assert.Contains("overlaps", error);
        region.Dispose();
        Assert.Equal(3, _map.Regions.Count);
    }

    [Fact]
    public void RemovedRegionBecomesUnmapped()
    {
        Assert.True(_map.TryRemove(_adjacent.Descriptor));

        Assert.False(_map.IsMapped(Base + RegionSize, 1));
        Assert.False(_map.IsMapped(Base + RegionSize - 1, 2));
        Assert.False(_map.TryRemove(_adjacent.Descriptor));
        Assert.True(_map.IsMapped(Base, RegionSize));
    }

    [Fact]
    public void RingIndexAccessesAreAlignedAndBounded()
    {
        Assert.True(_map.TryWriteUInt16Release(Base + 2, 0xbeef));
        Assert.Equal([0xef, 0xbe], _low.Bytes(Base + 2, 2).ToArray());
        Assert.True(_map.TryReadUInt16Acquire(Base + 2, out ushort value));
        Assert.Equal(0xbeef, value);

        Assert.False(_map.TryReadUInt16Acquire(Base + 3, out _));
        Assert.False(_map.TryWriteUInt16Release(Base + 3, 1));
        Assert.False(_map.TryReadUInt16Acquire(Base + (2 * RegionSize), out _));
        Assert.False(_map.TryWriteUInt16Release(Base - 2, 1));
    }

    [Fact]
    public void ClearUnmapsEverything()
    {
        _map.Clear();

        Assert.True(_map.IsEmpty);
        Assert.False(_map.IsMapped(Base, 1));
    }

    private static MemoryRegion Map(GuestRam ram) =>
        MemoryRegion.TryMap(ram.Descriptor, ram.Fd, out string? error) ?? throw new InvalidOperationException(error);
}
