namespace VhostGpu.Bench.Measuring;

/// <summary>
/// The median over rounds of first ÷ second, each round's pair taken back to back. The back-ends
/// alternate so that each pair meets the same machine; when the machine's speed drifts during a
/// run, this is steadier than the ratio of the two medians, which compares rounds from different
/// moments.
/// </summary>
public static class PairedRatio
{
    /// <summary>NaN when no round has both measurements valid and a non-zero divisor.</summary>
    public static double Of(IReadOnlyList<Measurement> first, IReadOnlyList<Measurement> second, Func<Measurement, double> figure)
    {
        var ratios = new List<double>();
        foreach (var a in first.Where(m => m.IsValid))
        {
            var b = second.FirstOrDefault(m => m.Round == a.Round && m.IsValid);
            if (b is not null && figure(b) > 0)
            {
                ratios.Add(figure(a) / figure(b));
            }
        }
        return ratios.Count == 0 ? double.NaN : Percentile.Median(ratios);
    }
}
