using System.Globalization;
using VhostGpu.Bench.Process;

namespace VhostGpu.Bench;

/// <summary>The command line of the benchmark tool.</summary>
public sealed record BenchOptions(
    BackendCommand Backend,
    BackendCommand? Versus,
    IReadOnlyList<string> Workloads,
    int Rounds,
    TimeSpan Duration,
    TimeSpan Warmup,
    long MaxOperations,
    uint Scale,
    int DamageBatch,
    uint ChunkBytes,
    bool Startup,
    int StartupRuns,
    string OutputDirectory)
{
    public const string Usage = """
        usage: vhostgpu-bench [options]
          --backend CMD      back-end to measure (default: vhost-user-gpu next to this tool)
          --vs CMD           second back-end, run alternately (e.g. /usr/lib/qemu/vhost-user-gpu)
          --workloads LIST   comma-separated: full-1080p,full-4k,damage,cursor (default: all)
          --rounds N         rounds per back-end and workload, medians reported (default 5)
          --seconds S        measured time per round (default 3)
          --warmup S         unmeasured time before each round (default 1)
          --max-ops N        stop a round after N operations (default: no limit)
          --scale D          divide every display size by D (quick runs, smoke tests; default 1)
          --batch N          damage rectangles per kick (default 8, at most 16)
          --chunk BYTES      size of each backing scatter entry (default 262144)
          --startup          also measure start-up time to a listening socket and idle RSS
          --startup-runs N   starts per back-end for --startup (default 10)
          --out DIR          where bench.json and bench.png go (default: artifacts/bench)
        Back-end commands are split on spaces; --socket-path PATH is appended.
        """;

    public static readonly string[] AllWorkloads = ["full-1080p", "full-4k", "damage", "cursor"];

    /// <summary>Parses <paramref name="args"/>; null with <paramref name="error"/> set when they are wrong.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var o = new BenchOptions(
            BackendCommand.Parse(Path.Combine(AppContext.BaseDirectory, "vhost-user-gpu")),
            null, AllWorkloads, 5, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), long.MaxValue, 1, 8, 256 * 1024, false, 10,
            Path.Combine("artifacts", "bench"));
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == "--startup")
            {
                o = o with { Startup = true };
                continue;
            }
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return null;
            }
            string value = args[++i];
            switch (name)
            {
                case "--backend":
                    o = o with { Backend = BackendCommand.Parse(value) };
                    break;
                case "--vs":
                    o = o with { Versus = BackendCommand.Parse(value) };
                    break;
                case "--workloads":
                    o = o with { Workloads = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                case "--rounds" when int.TryParse(value, CultureInfo.InvariantCulture, out int rounds) && rounds > 0:
                    o = o with { Rounds = rounds };
                    break;
                case "--seconds" when double.TryParse(value, CultureInfo.InvariantCulture, out double s) && s > 0:
                    o = o with { Duration = TimeSpan.FromSeconds(s) };
                    break;
                case "--warmup" when double.TryParse(value, CultureInfo.InvariantCulture, out double w) && w >= 0:
                    o = o with { Warmup = TimeSpan.FromSeconds(w) };
                    break;
                case "--max-ops" when long.TryParse(value, CultureInfo.InvariantCulture, out long max) && max > 0:
                    o = o with { MaxOperations = max };
                    break;
                case "--scale" when uint.TryParse(value, CultureInfo.InvariantCulture, out uint scale) && scale is > 0 and <= 32:
                    o = o with { Scale = scale };
                    break;
                case "--batch" when int.TryParse(value, CultureInfo.InvariantCulture, out int batch) && batch is > 0 and <= 16:
                    o = o with { DamageBatch = batch };
                    break;
                case "--chunk" when uint.TryParse(value, CultureInfo.InvariantCulture, out uint chunk) && chunk >= 4096 && chunk % 4096 == 0:
                    o = o with { ChunkBytes = chunk };
                    break;
                case "--startup-runs" when int.TryParse(value, CultureInfo.InvariantCulture, out int runs) && runs > 0:
                    o = o with { StartupRuns = runs };
                    break;
                case "--out":
                    o = o with { OutputDirectory = value };
                    break;
                default:
                    error = $"unknown option or bad value: {name} {value}";
                    return null;
            }
        }
        var unknown = o.Workloads.Except(AllWorkloads).ToList();
        if (unknown.Count > 0)
        {
            error = $"unknown workload(s): {string.Join(", ", unknown)}";
            return null;
        }
        return o;
    }
}
