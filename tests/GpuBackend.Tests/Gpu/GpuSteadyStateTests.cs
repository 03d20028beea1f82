using VhostGpu.Gpu.Wire;
using Xunit.Abstractions;
using static VhostGpu.Tests.Gpu.GpuRequests;

namespace VhostGpu.Tests.Gpu;

public class GpuSteadyStateTests(ITestOutputHelper output)
{
    [Fact]
    public void FramesAllocateNothingOnTheQueueThread()
    {
        using var h = new GpuHarness();
        h.CreateBacked(1, 2, 256, 256);
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(0, 1, 0, 0, 256, 256)));
        byte[][] frame = [Transfer(1, 16, 16, 128, 128, (16 * 256 * 4) + (16 * 4)), Flush(1, 16, 16, 128, 128)];
        long allocated = 0;

        for (int n = 0; n < 300; n++)
        {
            h.Submit(frame[0], 24, 0);
            h.Submit(frame[1], 24, 1);
            long before = GC.GetAllocatedBytesForCurrentThread();
            h.Device.ProcessQueue(h.ControlQueue);
            long after = GC.GetAllocatedBytesForCurrentThread();
            // The first frames warm up the JIT and the sink's queues.
            if (n >= 100)
            {
                allocated += after - before;
            }
            Assert.True(h.Control.TryTakeUsed(out _));
            Assert.True(h.Control.TryTakeUsed(out _));
            Assert.Equal(ResponseType.OkNoData, TypeOf(h.ResponseBytes(0, 4)));
            Assert.Equal(ResponseType.OkNoData, TypeOf(h.ResponseBytes(1, 4)));
        }

        output.WriteLine($"200 transfer+flush frames allocated {allocated} bytes on the queue thread");
        Assert.Equal(0, allocated);
    }
}
