using VhostGpu.TestSupport.FrontEnd;

namespace VhostGpu.Tests.Protocol;

/// <summary>One real daemon shared by a test class; every test opens its own connection (so each also exercises reconnect).</summary>
public sealed class DaemonFixture : IDisposable
{
    public DaemonFixture()
    {
        Daemon = DaemonProcess.Start();
        // Warm up once so lazily opened runtime descriptors are already counted in the baseline.
        using (var guest = new TestGuest())
        using (var fe = Daemon.Connect())
        {
            guest.Handshake(fe);
            guest.SubmitControlRequest();
            Assert.NotNull(guest.WaitForUsed(0));
        }
        Assert.True(Daemon.WaitForLog("session state released"));
        Baseline = Daemon.CountOpenFds();
        BaselineFds = Daemon.DescribeOpenFds();
    }

    public DaemonProcess Daemon { get; }

    /// <summary>The daemon's open descriptors with no front-end connected.</summary>
    public int Baseline { get; }

    public string BaselineFds { get; }

    /// <summary>Asserts the daemon is back to the baseline fd count after all connections closed, and still answers.</summary>
    public int AssertNoLeakAndServing()
    {
        int count = Daemon.WaitForFdCount(Baseline);
        Assert.True(count <= Baseline, $"daemon has {count} fds open, baseline {Baseline}\n{BaselineFds}\nnow:\n{Daemon.DescribeOpenFds()}\n{Daemon.Log}");
        using var fe = Daemon.Connect();
        Assert.NotEqual(0UL, fe.GetFeatures());
        return count;
    }

    public void Dispose() => Daemon.Dispose();
}
