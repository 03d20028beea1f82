using System.Globalization;
using System.Text;
using VhostGpu.Bench.Measuring;

namespace VhostGpu.Bench.Reporting;

/// <summary>
/// The human-readable result: one block per workload, one row per figure, one column per
/// back-end, then the ratio first ÷ second (above 1 is better for rates, below 1 for times and
/// memory) and the memcpy limit for the same bytes.
/// </summary>
public static class TextTable
{
    public static string Render(BenchReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        var labels = r.Backends.Select(b => b.Label).ToList();
        bool pair = labels.Count == 2;
        s.AppendLine(c, $"VhostGpu benchmark, {r.StartedUtc:yyyy-MM-dd HH:mm} UTC");
        s.AppendLine(c, $"machine: {r.Machine}; load average {r.LoadAverageBefore:F2} before, {r.LoadAverageAfter:F2} after");
        foreach (var b in r.Backends)
        {
            s.AppendLine(c, $"  {b.Label}: {b.Command}");
        }
        s.AppendLine(c, $"{r.Rounds} round(s) x {r.SecondsPerRound:0.##} s after {r.WarmupSeconds:0.##} s warm-up, back-ends alternating; medians over rounds.");
        if (pair)
        {
            s.AppendLine(c, $"ratio = {labels[0]} / {labels[1]} of the medians; paired = median over rounds of each back-to-back pair's ratio (steadier when the machine drifts).");
            s.AppendLine(c, $"Above 1 is better for rates and memcpy share, below 1 is better for latency, CPU and RSS.");
        }
        s.AppendLine(c, $"memcpy = one copy of an operation's bytes through {MemcpyBaseline.LastLevelCacheBytes() * 2 >> 20} MiB (twice the last-level cache), the least any back-end must move.");
        s.AppendLine();
        string header = $"{"workload",-11} {"figure",-17}" + string.Concat(labels.Select(l => $" {l,12}")) + (pair ? $" {"ratio",8} {"paired",8}" : "") + $" {"memcpy",12}";
        s.AppendLine(header);
        s.AppendLine(new string('-', header.Length));
        foreach (var memcpy in r.Memcpy)
        {
            var rows = labels.Select(l => r.Summaries.Single(x => x.Backend == l && x.Workload == memcpy.Workload)).ToList();
            var rounds = labels.Select(l => r.Measurements.Where(m => m.Backend == l && m.Workload == memcpy.Workload).ToList()).ToList();
            string op = rows[0].OperationName;
            void Row(string figure, Func<Summary, double> value, string format, Func<Measurement, double>? perRound = null, double? limit = null)
            {
                string workload = figure == $"{op}/s" ? memcpy.Workload : "";
                s.Append(c, $"{workload,-11} {figure,-17}");
                foreach (var row in rows)
                {
                    s.Append(row.ValidRounds > 0 ? string.Format(c, $" {{0,12:{format}}}", value(row)) : $" {"failed",12}");
                }
                if (pair)
                {
                    double a = value(rows[0]), b = value(rows[1]);
                    s.Append(rows.All(x => x.ValidRounds > 0) && b > 0 ? string.Format(c, " {0,7:F2}x", a / b) : $" {"-",8}");
                    double paired = perRound is null ? double.NaN : PairedRatio.Of(rounds[0], rounds[1], perRound);
                    s.Append(double.IsNaN(paired) ? $" {"-",8}" : string.Format(c, " {0,7:F2}x", paired));
                }
                s.AppendLine(limit is { } l ? string.Format(c, $" {{0,12:{format}}}", l) : "");
            }
            Row($"{op}/s", x => x.OperationsPerSecond, "F1", m => m.OperationsPerSecond, memcpy.OperationsPerSecond);
            Row("MB/s delivered", x => x.MegabytesPerSecond, "F1", m => m.MegabytesPerSecond, memcpy.MegabytesPerSecond);
            Row("share of memcpy", x => x.ShareOfMemcpy * 100, "F1", m => m.OperationsPerSecond);
            Row("latency p50 ms", x => x.LatencyP50Ms, "F3", m => m.LatencyP50Ms);
            Row("latency p99 ms", x => x.LatencyP99Ms, "F3", m => m.LatencyP99Ms);
            Row("latency max ms", x => x.LatencyMaxMs, "F3", m => m.LatencyMaxMs);
            Row($"CPU ms/{op.TrimEnd('s')}", x => x.CpuMillisecondsPerOperation, "F3", m => m.CpuMillisecondsPerOperation);
            Row("CPU s/round", x => x.CpuSeconds, "F2", m => m.CpuSeconds);
            Row("peak RSS MB", x => x.PeakRssMegabytes, "F1", m => m.PeakRssMegabytes);
            Row("valid rounds", x => x.ValidRounds, "F0");
            s.AppendLine();
        }
        if (r.Startup.Count > 0)
        {
            s.AppendLine("start-up (medians)");
            s.AppendLine($"{"",-11} {"figure",-17}" + string.Concat(labels.Select(l => $" {l,12}")) + (pair ? $" {"ratio",8}" : ""));
            void StartupRow(string figure, Func<StartupSummary, double> value, string format)
            {
                s.Append(c, $"{"",-11} {figure,-17}");
                foreach (var l in labels)
                {
                    s.Append(string.Format(c, $" {{0,12:{format}}}", value(r.Startup.Single(x => x.Backend == l))));
                }
                if (pair)
                {
                    double a = value(r.Startup[0]), b = value(r.Startup[1]);
                    s.Append(b > 0 ? string.Format(c, " {0,7:F2}x", a / b) : $" {"-",8}");
                }
                s.AppendLine();
            }
            StartupRow("to listening ms", x => x.ListeningMs, "F1");
            StartupRow("idle RSS MB", x => x.IdleRssMegabytes, "F1");
            StartupRow("valid runs", x => x.ValidRuns, "F0");
            s.AppendLine();
        }
        foreach (var failure in r.Summaries.Where(x => x.FirstError is not null))
        {
            s.AppendLine(c, $"{failure.Backend} on {failure.Workload}: {failure.ValidRounds}/{failure.Rounds} valid rounds; first error: {failure.FirstError}");
        }
        return s.ToString();
    }
}
