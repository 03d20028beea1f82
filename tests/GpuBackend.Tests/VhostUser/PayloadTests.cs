using System.Buffers.Binary;
using VhostGpu.Memory;
using VhostGpu.Transport;
using VhostGpu.VhostUser.Messages;

namespace VhostGpu.Tests.VhostUser;

/// <summary>Sizes, byte layouts and syntax checks of the vhost-user wire structs.</summary>
public sealed class PayloadTests
{
    [Fact]
    public void Sizes_MatchTheSpecification()
    {
        Assert.Equal(12, MessageHeader.Length);
        Assert.Equal(8, U64Payload.Size);
        Assert.Equal(8, VringState.Size);
        Assert.Equal(40, VringAddress.Size);
        Assert.Equal(8, VringFile.Size);
        Assert.Equal(32, MemoryRegionPayload.Size);
        Assert.Equal(40, SingleMemoryRegion.Size);
        Assert.Equal(16, LogDescription.Size);
        Assert.Equal(12, ConfigPayload.HeaderSize);
        Assert.Equal(24, InflightDescription.Size);
        Assert.Equal(8 + (32 * 8), MemoryTable.SizeFor(MemoryTable.MaxRegions));
    }

    [Fact]
    public void Header_IsRequestFlagsSize_LittleEndian()
    {
        var bytes = new byte[12];
        new MessageHeader(0x01020304, MessageHeader.ReplyFlags, 0x0a0b0c0d).Write(bytes);

        Assert.Equal(new byte[] { 4, 3, 2, 1, 5, 0, 0, 0, 0x0d, 0x0c, 0x0b, 0x0a }, bytes);
        var h = MessageHeader.Read(bytes);
        Assert.True(h.IsReply);
        Assert.False(h.NeedsReply);
        Assert.True(h.HasValidVersion);
        Assert.True(MessageHeader.Read([1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0]).NeedsReply);
        Assert.False(MessageHeader.Read([1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]).HasValidVersion);
    }

    [Fact]
    public void VringAddress_OrderIsDescriptorUsedAvailableLog()
    {
        var bytes = new byte[40];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), 0x10);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), 0x20);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), 0x30);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(32), 0x40);

        Assert.True(VringAddress.TryRead(bytes, out var a, out _));
        Assert.Equal(new VringAddress(1, 1, 0x10, 0x20, 0x30, 0x40), a);
        Assert.True(a.LogsUsedRing);
        var round = new byte[40];
        a.Write(round);
        Assert.Equal(bytes, round);

        bytes[4] = 2;
        Assert.False(VringAddress.TryRead(bytes, out _, out string? error));
        Assert.Contains("unknown bits", error);
        Assert.False(VringAddress.TryRead(bytes.AsSpan(0, 39), out _, out _));
    }

    [Theory]
    [InlineData(0x0000UL, 0u, false, true)]
    [InlineData(0x0101UL, 1u, true, true)]
    [InlineData(0x00ffUL, 255u, false, true)]
    [InlineData(0x0200UL, 0u, false, false)]
    [InlineData(0x8000_0000_0000_0000UL, 0u, false, false)]
    public void VringFile_SplitsIndexAndNoFd_AndRejectsReservedBits(ulong raw, uint index, bool noFd, bool valid)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, raw);

        Assert.Equal(valid, VringFile.TryRead(bytes, out var file, out _));
        if (valid)
        {
            Assert.Equal(new VringFile(index, noFd), file);
        }
    }

    [Fact]
    public void MemoryTable_ChecksCountSizeAndRegions()
    {
        var region = new MemoryRegionDescriptor(0x1000, 0x2000, 0x7f00_0000_0000, 0x10);
        var table = new MemoryTable([region, region with { GuestPhysicalAddress = 0x10000 }]);
        var bytes = new byte[MemoryTable.SizeFor(2)];
        table.Write(bytes);

        var read = MemoryTable.TryRead(bytes, out _);
        Assert.NotNull(read);
        Assert.Equal(table.Regions, read!.Regions);
        Assert.Equal(0x2000UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8 + 8)));

        Assert.Null(MemoryTable.TryRead(bytes.AsSpan(0, 40), out string? error));
        Assert.Contains("announces 2 regions", error);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 9);
        Assert.Null(MemoryTable.TryRead(bytes, out error));
        Assert.Contains("9 regions", error);
        Assert.Null(MemoryTable.TryRead(bytes.AsSpan(0, 7), out _));

        var zero = new byte[MemoryTable.SizeFor(1)];
        new MemoryTable([region with { Size = 0 }]).Write(zero);
        Assert.Null(MemoryTable.TryRead(zero, out error));
        Assert.Contains("size 0", error);
    }

    [Fact]
    public void SingleMemoryRegion_SkipsPaddingAndValidates()
    {
        var region = new MemoryRegionDescriptor(0, 0x1000, 0x5000, 0);
        var bytes = new byte[40];
        SingleMemoryRegion.Write(region, bytes);

        Assert.True(SingleMemoryRegion.TryRead(bytes, out var read, out _));
        Assert.Equal(region, read);
        Assert.Equal(0x5000UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24)));
        SingleMemoryRegion.Write(region with { UserAddress = ulong.MaxValue }, bytes);
        Assert.False(SingleMemoryRegion.TryRead(bytes, out _, out string? error));
        Assert.Contains("wraps", error);
        Assert.False(SingleMemoryRegion.TryRead(bytes.AsSpan(0, 32), out _, out _));
    }

    [Fact]
    public void Config_SizeMustMatchTheData_AndStayWithin256()
    {
        var bytes = new byte[12 + 16];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 16);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 1);
        bytes[12] = 0xab;

        Assert.True(ConfigPayload.TryRead(bytes, out var config, out _));
        Assert.Equal(4u, config.Offset);
        Assert.Equal(1u, config.Flags);
        Assert.Equal(16, config.Data.Length);
        Assert.Equal(0xab, config.Data[0]);
        Assert.False(ConfigPayload.TryRead(bytes.AsSpan(0, 27), out _, out _));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 257);
        Assert.False(ConfigPayload.TryRead(bytes, out _, out _));
        Assert.False(ConfigPayload.TryRead(bytes.AsSpan(0, 11), out _, out _));
    }

    [Fact]
    public void FixedStructs_RoundTrip_AndRejectOtherLengths()
    {
        var bytes = new byte[24];
        new InflightDescription(0x1000, 0x40, 2, 64).Write(bytes);
        Assert.True(InflightDescription.TryRead(bytes, out var inflight));
        Assert.Equal(new InflightDescription(0x1000, 0x40, 2, 64), inflight);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(16)));
        Assert.False(InflightDescription.TryRead(bytes.AsSpan(0, 20), out _));

        new LogDescription(7, 9).Write(bytes);
        Assert.True(LogDescription.TryRead(bytes.AsSpan(0, 16), out var log));
        Assert.Equal(new LogDescription(7, 9), log);
        Assert.False(LogDescription.TryRead(bytes, out _));

        new VringState(3, 0x8000).Write(bytes);
        Assert.True(VringState.TryRead(bytes.AsSpan(0, 8), out var state));
        Assert.Equal(new VringState(3, 0x8000), state);
        Assert.False(VringState.TryRead(bytes.AsSpan(0, 9), out _));

        Assert.False(U64Payload.TryRead(bytes.AsSpan(0, 4), out _));
    }
}
