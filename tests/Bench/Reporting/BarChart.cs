using VhostGpu.Bench.Measuring;

namespace VhostGpu.Bench.Reporting;

public static class BarChart
{
    public static void Save(BenchReport report, string path) => File.WriteAllText(path, report.ToString());
}
