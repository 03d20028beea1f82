using System.Buffers.Binary;
using VhostGpu.Gpu.Wire;
using VhostGpu.TestSupport.FrontEnd;
using VhostGpu.TestSupport.Guest;
using VhostGpu.Tests.Protocol;
using Xunit.Abstractions;
using static VhostGpu.Tests.Gpu.GpuRequests;

namespace VhostGpu.Tests.Gpu;

/// <summary>The GPU device inside the real daemon, driven by the test front-end over a unix socket and memfd RAM.</summary>
public sealed class GpuDaemonTests(ITestOutputHelper output) : IDisposable
{
    private readonly DaemonProcess _daemon = DaemonProcess.Start();
    private readonly TestGuest _guest = new(64 << 20);

    /// <summary>Control requests in reusable guest buffers: submit a batch, kick, collect every answer.</summary>
    private sealed class ControlBatch(TestGuest guest, int slots)
    {
        private readonly ulong[] _requests = [.. Enumerable.Range(0, slots).Select(_ => guest.Queues[0].AllocateBuffer(64))];
        private readonly ulong[] _responses = [.. Enumerable.Range(0, slots).Select(_ => guest.Queues[0].AllocateBuffer(GpuHarness.ResponseCapacity))];

        public ResponseType[] Run(params byte[][] requests)
        {
            var heads = new Dictionary<uint, int>();
            for (int i = 0; i < requests.Length; i++)
            {
                requests[i].CopyTo(guest.Ram.Bytes(_requests[i], requests[i].Length));
                ushort head = guest.Queues[0].Submit(
                    GuestBuffer.Readable(_requests[i], (uint)requests[i].Length),
                    GuestBuffer.Writable(_responses[i], GpuHarness.ResponseCapacity));
                heads[head] = i;
            }
            guest.Notifiers[0].Kick.Signal();
            var results = new ResponseType[requests.Length];
            for (int n = 0; n < requests.Length; n++)
            {
                var used = WaitForUsed();
                int i = heads[used.Id];
                Assert.Equal(n, i);
                results[i] = TypeOf(guest.Ram.Bytes(_responses[i], 4));
            }
            return results;
        }

        /// <summary>Takes the next used entry, asking for an interrupt (used_event) before sleeping on the call eventfd.</summary>
        private UsedElement WaitForUsed()
        {
            var deadline = Environment.TickCount64 + 10_000;
            UsedElement used;
            while (!guest.Queues[0].TryTakeUsed(out used))
            {
                Assert.True(Environment.TickCount64 < deadline, "the daemon stopped answering");
                if (!guest.Queues[0].EnableInterrupt())
                {
                    guest.Notifiers[0].Call.Wait(100);
                }
            }
            return used;
        }
    }

    [Fact]
    public void BadCommandsAreAnsweredAndTheDaemonKeepsServing()
    {
        using var fe = _daemon.Connect();
        _guest.Handshake(fe);
        var batch = new ControlBatch(_guest, 16);
        ulong backing = _guest.Queues[0].AllocateBuffer(64 * 64 * 4);

        var results = batch.Run(
            Create2D(0, 2, 64, 64),
            Create2D(1, 2, 0x4000_0001, 1),
            Create2D(1, 99, 64, 64),
            Create2D(1, 2, 64, 64),
            Create2D(1, 2, 64, 64),
            AttachBackingClaiming(1, 0xFFFF_FFFF, (backing, 8192), (backing + 8192, 8192)),
            AttachBacking(1, (0xFFFF_FFFF_FFFF_F000, 0x2000)),
            Transfer(1, 0, 0, 64, 64, 0),
            AttachBacking(1, (backing, 64 * 64 * 4)),
            Transfer(1, 1, 0, 0xFFFF_FFFF, 1, 0),
            SetScanout(16, 1, 0, 0, 64, 64),
            GetCapsetInfo(0),
            Header(0x0207, 40),
            Create2D(2, 2, 64, 64)[..30],
            Transfer(1, 0, 0, 64, 64, 0),
            GetDisplayInfo());

        Assert.Equal(
            [
                ResponseType.ErrInvalidResourceId, ResponseType.ErrOutOfMemory, ResponseType.ErrInvalidParameter, ResponseType.OkNoData,
                ResponseType.ErrInvalidResourceId, ResponseType.ErrUnspec, ResponseType.ErrUnspec, ResponseType.ErrUnspec,
                ResponseType.OkNoData, ResponseType.ErrInvalidParameter, ResponseType.ErrInvalidScanoutId, ResponseType.ErrInvalidParameter,
                ResponseType.ErrUnspec, ResponseType.ErrInvalidParameter, ResponseType.OkNoData, ResponseType.OkDisplayInfo,
            ],
            results);
        Assert.False(_daemon.HasExited);
    }

    [Fact]
    public void HundredThousandCreateAttachUnrefCyclesKeepTheDaemonsMemoryFlat()
    {
        using var fe = _daemon.Connect();
        _guest.Handshake(fe);
        const int PerBatch = 8;
        var batch = new ControlBatch(_guest, 3 * PerBatch);
        ulong backing = _guest.Queues[0].AllocateBuffer(64 * 64 * 4);
        var cycle = Enumerable.Range(1, PerBatch).SelectMany(id => new[]
        {
            Create2D((uint)id, 2, 64, 64),
            AttachBacking((uint)id, (backing, 64 * 64 * 4)),
            Unref((uint)id),
        }).ToArray();

        RunBatches(batch, cycle, 2_000 / PerBatch);
        long before = ResidentBytes();
        RunBatches(batch, cycle, 100_000 / PerBatch);
        long growth = ResidentBytes() - before;

        output.WriteLine($"daemon resident set over 100000 cycles: {growth:+#;-#;0} bytes");
        // A leaked 64x64 image is 16 KiB: leaking them all would be 1.6 GB.
        Assert.True(growth < 64 << 20, $"the daemon grew by {growth} bytes");
    }

    private static void RunBatches(ControlBatch batch, byte[][] cycle, int count)
    {
        for (int n = 0; n < count; n++)
        {
            var results = batch.Run(cycle);
            if (Array.Exists(results, r => r != ResponseType.OkNoData))
            {
                Assert.Fail($"batch {n}: {string.Join(", ", results)}");
            }
        }
    }

    private long ResidentBytes()
    {
        string line = File.ReadLines($"/proc/{_daemon.Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    public void Dispose()
    {
        _guest.Dispose();
        _daemon.Dispose();
    }
}
