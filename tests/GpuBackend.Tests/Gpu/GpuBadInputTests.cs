using System.Buffers.Binary;
using VhostGpu.Gpu;
using VhostGpu.Gpu.Wire;
using VhostGpu.TestSupport.QemuDisplay;
using static VhostGpu.Tests.Gpu.GpuRequests;

namespace VhostGpu.Tests.Gpu;

/// <summary>Hostile or broken guest requests (issue 4, item 7): each gets the spec's answer and the device keeps serving.</summary>
public class GpuBadInputTests
{
    private const uint Bgrx = 2;

    [Fact]
    public void ResourceIdZeroOrInUseIsRefused()
    {
        using var h = new GpuHarness(connectDisplay: false);

        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Create2D(0, Bgrx, 64, 64)));
        Assert.Equal(ResponseType.OkNoData, h.Run(Create2D(7, Bgrx, 64, 64)));
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Create2D(7, Bgrx, 32, 32)));
        // The id is judged before the format.
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Create2D(7, 999, 32, 32)));
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Unref(0)));
        Assert.Equal(64 * 64 * 4, h.Device.HostMemoryUsed);
    }

    [Fact]
    public void CommandsOnAnUnknownResourceAreRefused()
    {
        using var h = new GpuHarness(connectDisplay: false);

        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Unref(3)));
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(AttachBacking(3, (GpuHarness.RamBase, 64))));
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(DetachBacking(3)));
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Transfer(3, 0, 0, 1, 1, 0)));
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(SetScanout(0, 3, 0, 0, 16, 16)));
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Flush(3, 0, 0, 1, 1)));
    }

    [Theory]
    [InlineData(0u, 64u)]
    [InlineData(64u, 0u)]
    [InlineData(0u, 0u)]
    public void EmptySizesAreInvalid(uint width, uint height)
    {
        using var h = new GpuHarness(connectDisplay: false);

        Assert.Equal(ResponseType.ErrInvalidParameter, h.Run(Create2D(1, Bgrx, width, height)));
        Assert.Equal(0, h.Device.ResourceCount);
    }

    [Theory]
    [InlineData(0x4000_0001u, 1u)]            // the 2025 QEMU escape: stride 0x1_0000_0004
    [InlineData(0x4000_0001u, 0x4000_0001u)]
    [InlineData(0xFFFF_FFFFu, 0xFFFF_FFFFu)]
    [InlineData(0x10000u, 0x10000u)]          // 16 GiB: exactly 2^32 pixels
    [InlineData(8192u, 8193u)]                // 1 row more than 256 MiB
    public void SizesWhoseBytesOverflowOrExceedTheBudgetAreOutOfMemory(uint width, uint height)
    {
        using var h = new GpuHarness(connectDisplay: false);

        Assert.Equal(ResponseType.ErrOutOfMemory, h.Run(Create2D(1, Bgrx, width, height)));
        Assert.Equal(0, h.Device.ResourceCount);
        Assert.Equal(0, h.Device.HostMemoryUsed);
        Assert.Equal(ResponseType.OkNoData, h.Run(Create2D(1, Bgrx, 8192, 8192)));
    }

    [Fact]
    public void TheBudgetCountsAllResourcesAndComesBackOnUnref()
    {
        using var h = new GpuHarness(new GpuDeviceOptions { MaxHostMemory = 1 << 20 }, connectDisplay: false);

        Assert.Equal(ResponseType.OkNoData, h.Run(Create2D(1, Bgrx, 512, 256)));
        Assert.Equal(ResponseType.OkNoData, h.Run(Create2D(2, Bgrx, 512, 256)));
        Assert.Equal(ResponseType.ErrOutOfMemory, h.Run(Create2D(3, Bgrx, 1, 1)));
        Assert.Equal(ResponseType.OkNoData, h.Run(Unref(1)));
        Assert.Equal(ResponseType.OkNoData, h.Run(Create2D(3, Bgrx, 512, 256)));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(5u)]
    [InlineData(66u)]
    [InlineData(0xFFFF_FFFFu)]
    public void UnknownFormatsAreInvalid(uint format)
    {
        using var h = new GpuHarness(connectDisplay: false);

        Assert.Equal(ResponseType.ErrInvalidParameter, h.Run(Create2D(1, format, 64, 64)));
    }

    [Theory]
    [InlineData(1u, 0u, 0xFFFF_FFFFu, 1u)]   // x + width wraps to 0 in 32 bits
    [InlineData(0u, 1u, 1u, 0xFFFF_FFFFu)]
    [InlineData(0xFFFF_FFFFu, 0u, 2u, 1u)]
    [InlineData(0u, 0u, 65u, 1u)]
    [InlineData(0u, 32u, 1u, 1u)]
    [InlineData(60u, 20u, 5u, 5u)]
    public void RectanglesOutsideTheResourceAreInvalid(uint x, uint y, uint width, uint height)
    {
        using var h = new GpuHarness(connectDisplay: false);
        h.CreateBacked(1, Bgrx, 64, 32);

        Assert.Equal(ResponseType.ErrInvalidParameter, h.Run(Transfer(1, x, y, width, height, 0)));
        Assert.Equal(ResponseType.ErrInvalidParameter, h.Run(Flush(1, x, y, width, height)));
        Assert.Equal(ResponseType.ErrInvalidParameter, h.Run(SetScanout(0, 1, x, y, Math.Max(width, 16), Math.Max(height, 16))));
        Assert.Equal(ResponseType.OkNoData, h.Run(Transfer(1, 0, 0, 64, 32, 0)));
    }

    [Fact]
    public void ScanoutsSmallerThan16PixelsAreInvalid()
    {
        using var h = new GpuHarness(connectDisplay: false);
        h.CreateBacked(1, Bgrx, 64, 32);

        Assert.Equal(ResponseType.ErrInvalidParameter, h.Run(SetScanout(0, 1, 0, 0, 15, 32)));
        Assert.Equal(ResponseType.ErrInvalidParameter, h.Run(SetScanout(0, 1, 0, 0, 64, 15)));
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(0, 1, 0, 0, 16, 16)));
    }

    [Theory]
    [InlineData(16u, 1u)]
    [InlineData(16u, 0u)]
    [InlineData(0xFFFF_FFFFu, 0u)]
    public void ScanoutIdsFrom16AreInvalid(uint scanout, uint resource)
    {
        using var h = new GpuHarness(connectDisplay: false);
        h.CreateBacked(1, Bgrx, 64, 32);

        Assert.Equal(ResponseType.ErrInvalidScanoutId, h.Run(SetScanout(scanout, resource, 0, 0, 64, 32)));
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(15, 1, 0, 0, 64, 32)));
    }

    [Fact]
    public void EdidForAScanoutFrom16IsRefusedWithoutAskingQemu()
    {
        using var h = new GpuHarness();

        Assert.Equal(ResponseType.ErrInvalidParameter, h.Run(GetEdid(16)));
        Assert.Equal(ResponseType.ErrInvalidParameter, h.Run(GetEdid(0xFFFF_FFFF)));
        Assert.Equal(ResponseType.OkEdid, h.Run(GetEdid(0)));
        Assert.Single(h.Peer.MessagesOf(VhostUserGpuMessage.GetEdid));
    }

    [Fact]
    public void AHugeEntryCountInA64ByteRequestIsRefusedBeforeAnythingIsRead()
    {
        using var h = new GpuHarness(connectDisplay: false);
        h.Run(Create2D(1, Bgrx, 16, 16));
        ulong gpa = h.Allocate(1024);

        var request = AttachBackingClaiming(1, 0xFFFF_FFFF, (gpa, 512), (gpa + 512, 512));
        Assert.Equal(64, request.Length);
        Assert.Equal(ResponseType.ErrUnspec, h.Run(request));
        Assert.Equal(ResponseType.ErrUnspec, h.Run(AttachBackingClaiming(1, 3, (gpa, 512), (gpa + 512, 512))));
        Assert.Equal(ResponseType.ErrUnspec, h.Run(AttachBackingClaiming(1, 16385)));
        Assert.Equal(ResponseType.ErrUnspec, h.Run(AttachBacking(1)));

        // Nothing was attached: a transfer still finds no backing, and a good attach works.
        Assert.Equal(ResponseType.ErrUnspec, h.Run(Transfer(1, 0, 0, 16, 16, 0)));
        Assert.Equal(ResponseType.OkNoData, h.Run(AttachBacking(1, (gpa, 512), (gpa + 512, 512))));
        Assert.Equal(ResponseType.OkNoData, h.Run(Transfer(1, 0, 0, 16, 16, 0)));
    }

    [Fact]
    public void TheMaximumOf16384EntriesIsAccepted()
    {
        using var h = new GpuHarness(connectDisplay: false);
        h.Run(Create2D(1, Bgrx, 512, 512));
        ulong gpa = h.Allocate(512 * 512 * 4);
        var entries = Enumerable.Range(0, 16384).Select(i => (gpa + ((ulong)i * 64), 64u)).ToArray();

        Assert.Equal(ResponseType.OkNoData, h.Run(AttachBacking(1, entries)));
        Assert.Equal(ResponseType.OkNoData, h.Run(Transfer(1, 0, 0, 512, 512, 0)));
    }

    [Theory]
    [InlineData(0x1000UL, 4096u)]                                                      // below guest memory
    [InlineData(0xFFFF_FFFF_FFFF_F000UL, 0x2000u)]                                     // wraps 2^64
    [InlineData(GpuHarness.AdjacentBase + GpuHarness.SmallRegionSize - 2048, 4096u)]   // runs into the hole
    [InlineData(GpuHarness.BeyondHoleBase - 16, 32u)]                                  // starts in the hole
    [InlineData(GpuHarness.BeyondHoleBase + GpuHarness.SmallRegionSize - 8, 16u)]      // runs off the end
    [InlineData(GpuHarness.RamBase, 0u)]                                               // empty
    public void EntriesOutsideGuestMemoryAreRefused(ulong address, uint length)
    {
        using var h = new GpuHarness(connectDisplay: false);
        h.Run(Create2D(1, Bgrx, 16, 16));

        Assert.Equal(ResponseType.ErrUnspec, h.Run(AttachBacking(1, (GpuHarness.RamBase + 0x10_0000, 512), (address, length))));
        Assert.Equal(ResponseType.ErrUnspec, h.Run(Transfer(1, 0, 0, 16, 16, 0)));
    }

    [Fact]
    public void AnEntrySpanningTwoAdjacentRegionsWorks()
    {
        using var h = new GpuHarness();
        const int Size = 16 * 16 * 4;
        ulong gpa = GpuHarness.AdjacentBase - (Size / 2);
        var pixels = new byte[Size];
        for (int i = 0; i < 256; i++)
        {
            pixels.AsSpan(i * 4, 4).SetTo(i, 255 - i, i < 128 ? 0x40 : 0xC0, 0);
        }
        pixels.AsSpan(0, Size / 2).CopyTo(h.Bytes(gpa, Size / 2));
        pixels.AsSpan(Size / 2).CopyTo(h.Bytes(GpuHarness.AdjacentBase, Size / 2));
        h.Run(Create2D(1, Bgrx, 16, 16));

        Assert.Equal(ResponseType.OkNoData, h.Run(AttachBacking(1, (gpa, Size))));
        Assert.Equal(ResponseType.OkNoData, h.Run(Transfer(1, 0, 0, 16, 16, 0)));
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(0, 1, 0, 0, 16, 16)));
        Assert.Equal(ResponseType.OkNoData, h.Run(Flush(1, 0, 0, 16, 16)));

        h.WaitForDisplay(() => h.Peer.Surface(0) is { Width: 16 } s && s.RgbAt(15, 15) == 0xC000FF, "the frame");
        var surface = h.Peer.Surface(0)!;
        for (int i = 0; i < 256; i++)
        {
            Assert.Equal((uint)((i < 128 ? 0x40 : 0xC0) << 16 | (255 - i) << 8 | i), surface.RgbAt(i % 16, i / 16));
        }
    }

    [Fact]
    public void AttachingTwiceIsRefusedAndKeepsTheFirstBacking()
    {
        using var h = new GpuHarness(connectDisplay: false);
        h.CreateBacked(1, Bgrx, 16, 16);

        Assert.Equal(ResponseType.ErrUnspec, h.Run(AttachBacking(1, (GpuHarness.RamBase + 0x20_0000, 1024))));
        Assert.Equal(ResponseType.OkNoData, h.Run(Transfer(1, 0, 0, 16, 16, 0)));
    }

    [Fact]
    public void TransferAndScanoutWithoutBackingAreRefused()
    {
        using var h = new GpuHarness(connectDisplay: false);
        h.Run(Create2D(1, Bgrx, 32, 32));

        Assert.Equal(ResponseType.ErrUnspec, h.Run(Transfer(1, 0, 0, 32, 32, 0)));
        Assert.Equal(ResponseType.ErrUnspec, h.Run(SetScanout(0, 1, 0, 0, 32, 32)));
        Assert.Equal(ResponseType.ErrUnspec, h.Run(DetachBacking(1)));
        h.Run(AttachBacking(1, (GpuHarness.RamBase + 0x20_0000, 32 * 32 * 4)));
        Assert.Equal(ResponseType.OkNoData, h.Run(DetachBacking(1)));
        Assert.Equal(ResponseType.ErrUnspec, h.Run(Transfer(1, 0, 0, 32, 32, 0)));
        Assert.Equal(ResponseType.ErrUnspec, h.Run(DetachBacking(1)));
    }

    [Fact]
    public void UnrefOfAResourceOnAScanoutDisablesTheScanout()
    {
        using var h = new GpuHarness();
        h.CreateBacked(1, Bgrx, 64, 32);
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(0, 1, 0, 0, 64, 32)));
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(1, 1, 0, 0, 32, 32)));

        Assert.Equal(ResponseType.OkNoData, h.Run(Unref(1)));

        // SCANOUT carries (scanout_id, width, height): the peer lists width and height as X and Y.
        // A mode still queued when the scanout is disabled is replaced by the disable (SCANOUT
        // entries coalesce), so each output shows its mode then 0x0, or just 0x0.
        List<(uint, uint)> Modes(uint scanout) =>
            [.. h.Peer.MessagesOf(VhostUserGpuMessage.Scanout).Where(m => m.ScanoutId == scanout).Select(m => (m.X, m.Y))];
        h.WaitForDisplay(() => Modes(0) is [.., (0, 0)] && Modes(1) is [.., (0, 0)], "both scanouts disabled");
        Assert.True(Modes(0) is [(64, 32), (0, 0)] or [(0, 0)], string.Join(" ", Modes(0)));
        Assert.True(Modes(1) is [(32, 32), (0, 0)] or [(0, 0)], string.Join(" ", Modes(1)));
        Assert.Equal(0, h.Device.HostMemoryUsed);
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Flush(1, 0, 0, 64, 32)));
        // The id is free again and the scanout can show a new resource.
        h.CreateBacked(1, Bgrx, 64, 32);
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(0, 1, 0, 0, 64, 32)));
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(0, 0, 0, 0, 0, 0)));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(0xFFFF_FFFFu)]
    public void CapsetQueriesAreRefusedWithAZeroedHeaderOnly(uint value)
    {
        using var h = new GpuHarness(connectDisplay: false);

        foreach (var request in new[] { GetCapsetInfo(value), GetCapset(value, value), GetCapset(value, 0) })
        {
            var response = h.Send(request);
            Assert.Equal(24, response.Length);
            Assert.Equal(ResponseType.ErrInvalidParameter, TypeOf(response));
            Assert.All(response[4..], b => Assert.Equal(0, b));
            Assert.All(h.ResponseBytes(0, GpuHarness.ResponseCapacity)[24..], b => Assert.Equal(GpuHarness.Untouched, b));
        }
    }

    public static TheoryData<byte[]> FullRequests => new()
    {
        Create2D(1, 2, 64, 64), Unref(1), SetScanout(0, 1, 0, 0, 64, 64), Flush(1, 0, 0, 1, 1),
        Transfer(1, 0, 0, 1, 1, 0), AttachBacking(1), DetachBacking(1), GetCapsetInfo(0), GetCapset(1, 1), GetEdid(0),
    };

    [Theory]
    [MemberData(nameof(FullRequests))]
    public void RequestsShorterThanTheirStructAreInvalid(byte[] request)
    {
        using var h = new GpuHarness();

        var response = h.Send(request[..^1]);

        Assert.Equal(24, response.Length);
        Assert.Equal(ResponseType.ErrInvalidParameter, TypeOf(response));
        Assert.Equal(0, h.Device.ResourceCount);
        Assert.Empty(h.Peer.MessagesOf(VhostUserGpuMessage.GetEdid));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(23)]
    public void RequestsShorterThanTheHeaderGetABareError(int length)
    {
        using var h = new GpuHarness(connectDisplay: false);

        var response = h.Send(Create2D(1, 2, 64, 64)[..length]);

        Assert.Equal(ResponseType.ErrInvalidParameter, TypeOf(response));
        Assert.All(response[4..], b => Assert.Equal(0, b));
        Assert.Equal(ResponseType.OkNoData, h.Run(Create2D(1, 2, 64, 64)));
    }

    [Fact]
    public void ASmallResponseBufferGetsWhatFitsAndItsLength()
    {
        using var h = new GpuHarness(connectDisplay: false);

        var created = h.Send(Create2D(1, Bgrx, 64, 64, fence: 0x55), responseCapacity: 10);
        var info = h.Send(GetDisplayInfo(), responseCapacity: 100);
        var none = h.Send(Create2D(2, Bgrx, 64, 64), responseCapacity: 0);

        Assert.Equal(new byte[] { 0x00, 0x11, 0, 0, 1, 0, 0, 0, 0x55, 0 }, created);
        Assert.Equal(100, info.Length);
        Assert.Equal(ResponseType.OkDisplayInfo, TypeOf(info));
        Assert.Equal(1280u, BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(32)));
        Assert.Empty(none);
        Assert.Equal(GpuHarness.Untouched, h.ResponseBytes(0, 11)[10]);
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Create2D(2, Bgrx, 64, 64)));
    }
}
