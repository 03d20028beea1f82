using VhostGpu.Bench.Measuring;

namespace VhostGpu.Tests.Bench;

public sealed class PairedRatioTests
{
    private static Measurement Round(string backend, int round, double p99, string? error = null) =>
        new(backend, "damage", round, 3, 1000, 1000, 1, 0.1, p99, 1, 1, 20, 0, error);

    [Fact]
    public void Each_round_is_compared_with_its_own_partner_and_the_median_taken()
    {
        // The machine slows down over the run: every pair favours the first back-end, the medians do not.
        var first = new[] { Round("a", 1, 0.25), Round("a", 2, 0.29), Round("a", 3, 0.43), Round("a", 4, 0.51), Round("a", 5, 0.53) };
        var second = new[] { Round("b", 1, 0.33), Round("b", 2, 0.31), Round("b", 3, 0.49), Round("b", 4, 0.25), Round("b", 5, 0.66) };

        double paired = PairedRatio.Of(first, second, m => m.LatencyP99Ms);

        Assert.Equal(0.43 / 0.49, paired, 6);
        Assert.True(Percentile.Median([.. first.Select(m => m.LatencyP99Ms)]) > Percentile.Median([.. second.Select(m => m.LatencyP99Ms)]));
    }

    [Fact]
    public void Rounds_that_failed_on_either_side_or_divide_by_zero_are_left_out()
    {
        var first = new[] { Round("a", 1, 2), Round("a", 2, 3, error: "timeout"), Round("a", 3, 4) };
        var second = new[] { Round("b", 1, 1), Round("b", 2, 1), Round("b", 3, 0) };

        Assert.Equal(2, PairedRatio.Of(first, second, m => m.LatencyP99Ms));
        Assert.True(double.IsNaN(PairedRatio.Of(first, [], m => m.LatencyP99Ms)));
    }
}
