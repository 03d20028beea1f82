using VhostGpu.VhostUser;

namespace VhostGpu.Tests.VhostUser;

public sealed class PollBackoffTests
{
    [Fact]
    public void An_idle_ring_is_polled_ever_more_slowly_up_to_the_cap_and_quickly_again_once_work_comes()
    {
        var backoff = new PollBackoff();
        Assert.Equal(PollBackoff.MinMs, backoff.IntervalMs);

        var seen = new List<int>();
        for (int i = 0; i < 8; i++)
        {
            backoff.Observe(progressed: false);
            seen.Add(backoff.IntervalMs);
        }
        Assert.Equal([2, 4, 8, 16, 16, 16, 16, 16], seen);

        backoff.Observe(progressed: true);
        Assert.Equal(PollBackoff.MinMs, backoff.IntervalMs);
    }
}
