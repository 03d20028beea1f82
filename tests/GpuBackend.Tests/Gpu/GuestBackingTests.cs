using System.Buffers.Binary;
using VhostGpu.Gpu.Resources;
using VhostGpu.Gpu.Wire;

namespace VhostGpu.Tests.Gpu;

public class GuestBackingTests
{
    private const ulong RegionA = 0x1_0000_0000;
    private const ulong RegionSize = 0x10_0000;
    private const ulong RegionB = RegionA + RegionSize;          // adjacent to A
    private const ulong RegionC = RegionB + RegionSize + 0x1000;  // a 4 KiB hole after B

    private static MultiRegionGuest ThreeRegions() => new((RegionA, RegionSize), (RegionB, RegionSize), (RegionC, RegionSize));

    private static byte[] Request(params (ulong Address, uint Length)[] entries)
    {
        var bytes = new byte[AttachBackingRequest.Size + entries.Length * MemoryEntry.Size];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 7);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(32 + 16 * i), entries[i].Address);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40 + 16 * i), entries[i].Length);
        }
        return bytes;
    }

    private static GuestBacking? Create(MultiRegionGuest guest, params (ulong, uint)[] entries)
    {
        Assert.True(AttachBackingRequest.TryRead(Request(entries), out var request));
        Assert.True(request.HasAllEntries);
        return GuestBacking.TryCreate(request, guest.Map, out _);
    }

    [Fact]
    public void PrefetchStaysInsideTheEntryAndItsRegionAndIgnoresOffsetsPastTheEnd()
    {
        using var guest = ThreeRegions();
        // The last entry ends where region C (and all guest memory) ends.
        var backing = Create(guest, (RegionA, 64), (RegionC + RegionSize - 100, 100))!;

        backing.Prefetch(guest.Map, 0, 1 << 20);
        backing.Prefetch(guest.Map, 64, 1 << 20);
        backing.Prefetch(guest.Map, 163, 1 << 20);
        backing.Prefetch(guest.Map, 164, 1 << 20);
        backing.Prefetch(guest.Map, ulong.MaxValue, 4096);

        var last = new byte[100];
        Assert.True(backing.TryCopyTo(guest.Map, 64, last, out int copied));
        Assert.Equal(100, copied);
    }

    [Fact]
    public void AnEntrySpanningTwoAdjacentRegionsIsValidAndReadsAcrossThem()
    {
        using var guest = ThreeRegions();
        guest.Bytes(RegionB - 4, 4).Fill(0xAA);
        guest.Bytes(RegionB, 4).Fill(0xBB);

        var backing = Create(guest, (RegionB - 4, 8));

        Assert.NotNull(backing);
        var destination = new byte[8];
        Assert.True(backing.TryCopyTo(guest.Map, 0, destination, out int copied));
        Assert.Equal(8, copied);
        Assert.Equal(new byte[] { 0xAA, 0xAA, 0xAA, 0xAA, 0xBB, 0xBB, 0xBB, 0xBB }, destination);
    }

    [Fact]
    public void AnEntrySpanningAHoleIsRefused()
    {
        using var guest = ThreeRegions();

        Assert.Null(Create(guest, (RegionC - 0x1000 - 16, 32)));
    }

    [Theory]
    [InlineData(0xFFFF_FFFF_FFFF_F000UL, 0x2000u)]   // wraps 2^64
    [InlineData(0x10_0000UL, 16u)]                    // below guest memory
    [InlineData(RegionC + RegionSize - 8, 16u)]        // runs off the last region
    [InlineData(RegionA, 0u)]                          // empty entry
    public void EntriesOutsideGuestMemoryAreRefused(ulong address, uint length)
    {
        using var guest = ThreeRegions();

        Assert.Null(Create(guest, (RegionA, 64), (address, length)));
    }

    [Fact]
    public void ANonEmptyListIsRequired()
    {
        using var guest = ThreeRegions();

        Assert.Null(Create(guest));
    }

    [Fact]
    public void EntriesConcatenateInOrder()
    {
        using var guest = ThreeRegions();
        for (int i = 0; i < 3; i++)
        {
            guest.Bytes(RegionC + (ulong)(0x100 * i), 4).Fill((byte)(i + 1));
        }

        var backing = Create(guest, (RegionC + 0x200, 4), (RegionC, 4), (RegionC + 0x100, 4))!;

        Assert.Equal(12UL, backing.Length);
        var destination = new byte[6];
        Assert.True(backing.TryCopyTo(guest.Map, 3, destination, out int copied));
        Assert.Equal(6, copied);
        Assert.Equal(new byte[] { 3, 1, 1, 1, 1, 2 }, destination);
    }

    [Fact]
    public void CopyStopsWhereTheBackingEnds()
    {
        using var guest = ThreeRegions();
        var backing = Create(guest, (RegionA, 10))!;
        var destination = new byte[8];
        destination.AsSpan().Fill(0x55);

        Assert.True(backing.TryCopyTo(guest.Map, 6, destination, out int copied));
        Assert.Equal(4, copied);
        Assert.All(destination[4..], b => Assert.Equal(0x55, b));
        Assert.True(backing.TryCopyTo(guest.Map, 10, destination, out copied));
        Assert.Equal(0, copied);
    }

    [Fact]
    public void CopyFromAnEntryWhoseMemoryWasRemovedFails()
    {
        using var guest = ThreeRegions();
        var backing = Create(guest, (RegionA, 16), (RegionC, 16))!;
        Assert.True(guest.Map.TryRemove(guest.Rams[2].Descriptor));

        Assert.False(backing.TryCopyTo(guest.Map, 0, new byte[32], out int copied));
        Assert.Equal(16, copied);
    }

    [Fact]
    public void AnEntryCountBeyondTheBytesPresentIsDetectedBeforeReading()
    {
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), 0xFFFF_FFFF);
        Assert.True(AttachBackingRequest.TryRead(bytes, out var huge));
        Assert.False(huge.HasAllEntries);

        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), 3);
        Assert.True(AttachBackingRequest.TryRead(bytes, out var three));
        Assert.False(three.HasAllEntries);

        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), 2);
        Assert.True(AttachBackingRequest.TryRead(bytes, out var two));
        Assert.True(two.HasAllEntries);
    }

    [Fact]
    public void MoreEntriesThanQemusCapAreRefusedEvenWhenPresent()
    {
        var bytes = new byte[AttachBackingRequest.Size + (16385 * MemoryEntry.Size)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), 16385);

        Assert.True(AttachBackingRequest.TryRead(bytes, out var request));
        Assert.False(request.HasAllEntries);
    }
}
