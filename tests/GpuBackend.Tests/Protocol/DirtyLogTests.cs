using VhostGpu.Interop;
using VhostGpu.TestSupport.FrontEnd;

namespace VhostGpu.Tests.Protocol;

/// <summary>Dirty-page logging as QEMU drives it during migration (offered only with --migratable-unsafe).</summary>
public sealed class DirtyLogTests
{
    private const ulong LogAll = 1UL << 26;

    [Fact]
    public void WithLogAll_UsedRingAndWrittenPagesAreMarked_AndTheLogFdSignalled()
    {
        using var daemon = DaemonProcess.Start("--migratable-unsafe");
        using var guest = new TestGuest();
        using var fe = daemon.Connect();
        var result = guest.Handshake(fe);
        // One bit per 4 KiB page of guest-physical space up to the end of the RAM.
        ulong pages = (guest.Ram.GuestPhysicalAddress + guest.Ram.Size) / 4096;
        ulong logSize = (pages + 7) / 8;
        using var logFd = FileDescriptor.CreateMemory("dirty-log", (long)logSize);
        using var logChanged = EventFd.Create();
        using var log = MemoryMapping.TryMap(logFd, logSize, out _)!;

        Assert.Equal(0UL, fe.SetLogBase(logFd, logSize));
        Assert.Equal(0UL, fe.SetLogFd(logChanged));
        Assert.Equal(0UL, fe.SetFeatures(result.AckedFeatures | LogAll));
        guest.SubmitControlRequest();
        Assert.NotNull(guest.WaitForUsed(0));

        ulong usedPage = guest.Queues[0].Layout.UsedRing / 4096;
        Assert.NotEqual(0, log.GetSpan(usedPage / 8, 1)[0] & (1 << (int)(usedPage % 8)));
        Assert.NotEqual(0UL, logChanged.Wait(10_000));

        // Logging off: later writes leave the (cleared) bitmap alone.
        Assert.Equal(0UL, fe.SetFeatures(result.AckedFeatures));
        log.GetSpan(0, (int)logSize).Clear();
        guest.SubmitControlRequest();
        Assert.NotNull(guest.WaitForUsed(0));
        Assert.All(log.GetSpan(0, (int)logSize).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void WithoutTheOption_LogBaseIsRefused()
    {
        using var daemon = DaemonProcess.Start();
        using var logFd = FileDescriptor.CreateMemory("dirty-log", 4096);
        using var fe = daemon.Connect();
        fe.SetProtocolFeatures(fe.GetProtocolFeatures() | (1UL << 1));

        Assert.Equal(1UL, fe.SetLogBase(logFd, 4096));
    }
}
