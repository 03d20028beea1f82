using System.Buffers.Binary;
using VhostGpu.Display;
using VhostGpu.Gpu;

namespace VhostGpu.Tests.Gpu;

public sealed class GpuDisplayChangeTests
{
    [Fact]
    public void A_display_change_raises_the_display_event_until_the_driver_clears_it()
    {
        using var sink = new HeadlessDisplaySink(new PreferredModes(1), screenshotDirectory: null);
        var device = new GpuDevice(new GpuDeviceOptions(), sink);
        Assert.Equal(0u, EventsRead(device));

        device.NotifyDisplayChanged();
        Assert.Equal(GpuConfigSpace.EventDisplay, EventsRead(device));

        var clear = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(clear, GpuConfigSpace.EventDisplay);
        Assert.True(device.WriteConfig(4, clear));
        Assert.Equal(0u, EventsRead(device));
    }

    private static uint EventsRead(GpuDevice device)
    {
        var events = new byte[4];
        Assert.True(device.ReadConfig(0, events));
        return BinaryPrimitives.ReadUInt32LittleEndian(events);
    }
}
