using VhostGpu.Gpu.Wire;
using static VhostGpu.Tests.Gpu.GpuRequests;

namespace VhostGpu.Tests.Gpu;

public class GpuConcurrencyTests
{
    [Fact]
    public void ControlAndCursorWorkersRaceOverOneResourceSafely()
    {
        using var h = new GpuHarness();
        ulong backing = h.Allocate(64 * 64 * 4);
        h.Bytes(backing, 64 * 64 * 4).Fill(0x7F);
        byte[][] cycle =
        [
            Create2D(5, 1, 64, 64),
            AttachBacking(5, (backing, 64 * 64 * 4)),
            Transfer(5, 0, 0, 64, 64, 0),
            Unref(5),
        ];
        var failures = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        int cursorUpdates = 0;

        var cursorWorker = new Thread(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    h.SendCursor(UpdateCursor(0, (uint)cursorUpdates % 100, 7, 5, 1, 1));
                    cursorUpdates++;
                }
            }
            catch (Exception e)
            {
                lock (failures)
                {
                    failures.Add(e.ToString());
                }
            }
        });
        cursorWorker.Start();
        int cycles = 0;
        while (!stop.IsCancellationRequested)
        {
            // One command per pass, so the cursor worker can come in between any two of them.
            for (int slot = 0; slot < cycle.Length; slot++)
            {
                h.Submit(cycle[slot], 24, slot);
                h.Device.ProcessQueue(h.ControlQueue);
                Assert.True(h.Control.TryTakeUsed(out _));
                Assert.Equal(ResponseType.OkNoData, TypeOf(h.ResponseBytes(slot, 4)));
            }
            cycles++;
        }
        cursorWorker.Join();

        Assert.Empty(failures);
        Assert.True(cycles > 10 && cursorUpdates > 10, $"{cycles} control cycles, {cursorUpdates} cursor updates");
        Assert.Equal(0, h.Device.ResourceCount);
        // Whenever the cursor found the resource it took a whole image, freshly created (zeros) or
        // transferred (0x7F), never bytes of a freed one.
        h.WaitForDisplay(() => h.Peer.Cursor.ImageUpdates > 0, "a cursor image");
        var image = h.Peer.Cursor.Bgra!;
        Assert.True(image.All(b => b == 0) || image.All(b => b == 0x7F), "the cursor image is neither zeros nor the transferred pixels");
        Assert.Empty(h.Peer.Violations);
    }
}
