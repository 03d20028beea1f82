using VhostGpu.Virtio;

namespace VhostGpu.Tests.Virtio;

public sealed class DescriptorTests
{
    [Fact]
    public void DescriptorIsSixteenLittleEndianBytes()
    {
        byte[] raw = [1, 2, 3, 4, 5, 6, 7, 8, 0x10, 0x20, 0x30, 0x40, 0x07, 0x00, 0x34, 0x12];
        var d = Descriptor.Read(raw);

        Assert.Equal(16, Descriptor.Size);
        Assert.Equal(0x0807060504030201UL, d.Address);
        Assert.Equal(0x40302010U, d.Length);
        Assert.True(d.HasNext && d.IsWritable && d.IsIndirect);
        Assert.Equal(0x1234, d.Next);
        byte[] back = new byte[16];
        d.Write(back);
        Assert.Equal(raw, back);
    }

    [Fact]
    public void LayoutSizesFollowTheSpec()
    {
        var layout = new SplitQueueLayout(256, 0x1000, 0x2000, 0x3000);

        Assert.Equal(4096UL, layout.DescriptorTableLength);
        Assert.Equal(518UL, layout.AvailRingLength);
        Assert.Equal(2054UL, layout.UsedRingLength);
        Assert.Equal(0x2000UL + 4 + 512, layout.UsedEventAddress);
        Assert.Equal(0x3000UL + 4 + 2048, layout.AvailEventAddress);
        Assert.Equal(0x2000UL + 4 + 2, layout.AvailEntryAddress(257));
        Assert.Equal(0x3000UL + 4 + 8, layout.UsedEntryAddress(257));
    }

    [Theory]
    [InlineData(10, 11, 10, true)]
    [InlineData(10, 10, 9, false)]
    [InlineData(10, 12, 10, true)]
    [InlineData(9, 12, 10, false)]
    [InlineData(65535, 0, 65535, true)]
    [InlineData(65534, 2, 65530, true)]
    [InlineData(3, 2, 65530, false)]
    public void NeedEventFiresWhenTheIndexPassesTheEvent(int eventIndex, int newIndex, int oldIndex, bool expected)
    {
        Assert.Equal(expected, EventIndex.NeedEvent((ushort)eventIndex, (ushort)newIndex, (ushort)oldIndex));
    }
}
