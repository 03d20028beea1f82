using VhostGpu.Bench.Measuring;

namespace VhostGpu.Tests.Bench;

public sealed class PercentileTests
{
    [Fact]
    public void Nearest_rank_percentiles_pick_sample_values()
    {
        var values = Enumerable.Range(1, 200).Select(i => (double)i).Reverse().ToList();

        Assert.Equal(100, Percentile.Of(values, 50));
        Assert.Equal(198, Percentile.Of(values, 99));
        Assert.Equal(200, Percentile.Of(values, 100));
        Assert.Equal(0, Percentile.Of([], 99));
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_pair()
    {
        Assert.Equal(2.5, Percentile.Median([4, 1, 3, 2]));
        Assert.Equal(3, Percentile.Median([5, 3, 1]));
    }
}
