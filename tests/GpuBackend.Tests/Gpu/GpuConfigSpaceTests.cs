using System.Buffers.Binary;
using VhostGpu.Display;
using VhostGpu.Gpu;

namespace VhostGpu.Tests.Gpu;

public class GpuConfigSpaceTests
{
    [Fact]
    public void ConfigReadsEventsScanoutsAndNoCapsets()
    {
        var config = new GpuConfigSpace(2);
        var data = new byte[16];
        data.AsSpan().Fill(0xEE);

        Assert.True(config.TryRead(0, data));

        Assert.Equal(new uint[] { 0, 0, 2, 0 }, Enumerable.Range(0, 4).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4 * i))).ToArray());
        var scanouts = new byte[4];
        Assert.True(config.TryRead(8, scanouts));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(scanouts));
    }

    [Theory]
    [InlineData(0u, 17)]
    [InlineData(12u, 8)]
    [InlineData(17u, 0)]
    [InlineData(0xFFFF_FFF0u, 16)]
    public void ReadsOutsideTheConfigAreRefused(uint offset, int length)
    {
        Assert.False(new GpuConfigSpace(1).TryRead(offset, new byte[length]));
    }

    [Fact]
    public void QemusWholeConfigWriteIsAcceptedAndOnlyEventsClearActs()
    {
        var config = new GpuConfigSpace(1);
        var write = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(write, 0xFFFF_FFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(write.AsSpan(4), GpuConfigSpace.EventDisplay);
        BinaryPrimitives.WriteUInt32LittleEndian(write.AsSpan(8), 9);
        BinaryPrimitives.WriteUInt32LittleEndian(write.AsSpan(12), 9);

        Assert.True(config.TryWrite(0, write));
        Assert.True(config.TryWrite(4, write.AsSpan(4, 4)));

        var data = new byte[16];
        config.TryRead(0, data);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(data));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(12)));
    }

    [Theory]
    [InlineData(0u, 4)]
    [InlineData(8u, 4)]
    [InlineData(12u, 4)]
    [InlineData(4u, 13)]
    [InlineData(4u, 2)]
    public void WritesThatMissEventsClearOrLeaveTheConfigAreRefused(uint offset, int length)
    {
        Assert.False(new GpuConfigSpace(1).TryWrite(offset, new byte[length]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(DisplayInfo.MaxScanouts + 1)]
    public void ScanoutCountMustBeOneToSixteen(int scanouts)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpuConfigSpace(scanouts));
    }
}
