using VhostGpu.EndToEnd.Backends;

namespace VhostGpu.EndToEnd;

/// <summary>
/// Issue 4, item 6: a real guest under QEMU 10 draws into /dev/fb0 with VhostGpu as its GPU, and
/// QEMU's console shows every image pixel for pixel, also after a pause and after a reset.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class VhostGpuDisplayTests(ITestOutputHelper output)
{
    [Fact]
    public async Task GuestDrawingsReachQemusScreenAcrossPauseResumeAndReset()
    {
        await using GuestDisplaySession session = await GuestDisplaySession.StartAsync(BackendCommand.VhostGpu, "vhostgpu", output.WriteLine);

        await session.WaitForBootAsync();
        await session.DrawAndAssertAsync("bars");
        await session.DrawAndAssertAsync("tiles");

        await session.PauseAndResumeAsync();
        await session.AssertScreenShowsAsync("tiles");
        await session.DrawAndAssertAsync("waves");

        await session.ResetAsync();
        await session.WaitForBootAsync();
        await session.DrawAndAssertAsync("bars");

        Assert.False(session.Backend.Process.HasExited, $"VhostGpu ended: {session.Backend.Process.Describe()}");
        // QEMU reports back-end trouble (missing EDID, failed vhost-user messages) on stderr only.
        Assert.Empty(session.Qemu.Process.ErrorLines);
        // A well-behaved guest and QEMU give the daemon nothing to warn about.
        Assert.DoesNotContain(session.Backend.Process.ErrorLines, line => line.Contains(" WARN ") || line.Contains(" ERROR "));
    }
}
