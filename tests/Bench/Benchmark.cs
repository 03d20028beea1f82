using VhostGpu.Bench.Measuring;
using VhostGpu.Bench.Process;
using VhostGpu.Bench.Workloads;

namespace VhostGpu.Bench;

/// <summary>
/// Runs the whole comparison: per round and workload, each back-end once, alternating (A, B, A,
/// B, ...) so slow drifts in machine load hit both alike; then memcpy baselines, medians, and
/// optionally start-up figures measured the same alternating way.
/// </summary>
public sealed class Benchmark(BenchOptions options, TextWriter progress)
{
    public BenchReport Run()
    {
        var started = DateTime.UtcNow;
        double loadBefore = MachineInfo.LoadAverage();
        var backends = options.Versus is { } vs ? new[] { options.Backend, vs } : [options.Backend];
        var settings = new RunSettings(options.Warmup, options.Duration, options.MaxOperations, options.Rounds);
        var measurements = new List<Measurement>();
        for (int round = 1; round <= options.Rounds; round++)
        {
            foreach (string name in options.Workloads)
            {
                foreach (var backend in backends)
                {
                    var workload = WorkloadCatalog.Create(name, options.Scale, options.DamageBatch, options.ChunkBytes);
                    var m = WorkloadRunner.Measure(backend, workload, settings, round);
                    progress.WriteLine(m.IsValid
                        ? $"round {round} {name,-10} {backend.Label,-9} {m.OperationsPerSecond,10:F1} {workload.OperationName}/s  p99 {m.LatencyP99Ms:F2} ms"
                        : $"round {round} {name,-10} {backend.Label,-9} FAILED: {m.Error}");
                    measurements.Add(m);
                }
            }
        }

        var memcpy = new List<MemcpyFigure>();
        var summaries = new List<Summary>();
        foreach (string name in options.Workloads)
        {
            var workload = WorkloadCatalog.Create(name, options.Scale, options.DamageBatch, options.ChunkBytes);
            double copies = MemcpyBaseline.CopiesPerSecond(workload.BytesPerOperation);
            memcpy.Add(new MemcpyFigure(name, workload.BytesPerOperation, copies, copies * workload.BytesPerOperation / 1e6));
            foreach (var backend in backends)
            {
                var rounds = measurements.Where(m => m.Workload == name && m.Backend == backend.Label).ToList();
                summaries.Add(Summary.Of(backend.Label, name, workload.OperationName, rounds, copies));
            }
        }

        var startupRuns = new List<StartupResult>();
        var startup = new List<StartupSummary>();
        if (options.Startup)
        {
            for (int run = 1; run <= options.StartupRuns; run++)
            {
                startupRuns.AddRange(backends.Select(b => StartupProbe.Measure(b, run)));
            }
            foreach (var backend in backends)
            {
                var valid = startupRuns.Where(s => s.Backend == backend.Label && s.Error is null).ToList();
                startup.Add(new StartupSummary(
                    backend.Label,
                    valid.Count,
                    Percentile.Median(valid.Select(s => s.ListeningMs).ToList()),
                    Percentile.Median(valid.Select(s => s.IdleRssMegabytes).ToList())));
            }
        }

        return new BenchReport(
            started,
            MachineInfo.Current(),
            loadBefore,
            MachineInfo.LoadAverage(),
            backends.Select(b => new BackendInfo(b.Label, b.ToString())).ToList(),
            options.Rounds,
            options.Duration.TotalSeconds,
            options.Warmup.TotalSeconds,
            memcpy,
            summaries,
            measurements,
            startup,
            startupRuns);
    }
}
