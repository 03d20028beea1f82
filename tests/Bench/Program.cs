using System.Text.Json;
using VhostGpu.Bench.Reporting;

namespace VhostGpu.Bench;

public static class Program
{
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the tool; 0 when every measurement was valid, 1 when some failed, 2 on a bad command line.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter progress)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            output.WriteLine(BenchOptions.Usage);
            return 0;
        }
        var options = BenchOptions.Parse(args, out string? error);
        if (options is null)
        {
            progress.WriteLine(error);
            progress.WriteLine(BenchOptions.Usage);
            return 2;
        }
        if (options.Versus is { } vs && vs.Label == options.Backend.Label)
        {
            options = options with { Versus = vs with { Label = vs.Label + "-2" } };
        }
        var report = new Benchmark(options, progress).Run();
        Directory.CreateDirectory(options.OutputDirectory);
        string json = Path.Combine(options.OutputDirectory, "bench.json");
        string png = Path.Combine(options.OutputDirectory, "bench.png");
        File.WriteAllText(json, JsonSerializer.Serialize(report, JsonOptions));
        BarChart.Save(report, png);
        output.Write(TextTable.Render(report));
        output.WriteLine($"written: {json}, {png}");
        return report.AllValid ? 0 : 1;
    }
}
