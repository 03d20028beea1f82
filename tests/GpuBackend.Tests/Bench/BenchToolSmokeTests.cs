using System.Text.Json;
using VhostGpu.Bench;
using VhostGpu.Bench.Measuring;
using VhostGpu.TestSupport;
using VhostGpu.TestSupport.FrontEnd;

namespace VhostGpu.Tests.Bench;

/// <summary>
/// The benchmark tool end to end on a tiny scale against the real daemon: every workload runs,
/// every stamped pixel arrives, and the table, JSON and PNG are written. (The benchmark itself is
/// run by hand, see docs/benchmark.md.)
/// </summary>
public sealed class BenchToolSmokeTests : IDisposable
{
    private readonly TemporaryDirectory _output = TemporaryDirectory.Create("vhostgpu-bench-smoke-");

    [Fact]
    public void Measures_every_workload_of_the_daemon_with_verified_pixels()
    {
        var (exitCode, table, progress) = RunTool(
            "--backend", DaemonProcess.BinaryPath, "--rounds", "1", "--seconds", "0.3", "--warmup", "0",
            "--max-ops", "24", "--scale", "16", "--startup", "--startup-runs", "1");

        Assert.True(exitCode == 0, $"{progress}\n{table}");
        var report = JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(Path.Combine(_output.Path, "bench.json")))!;
        Assert.Equal(BenchOptions.AllWorkloads, report.Summaries.Select(s => s.Workload));
        Assert.All(report.Measurements, m =>
        {
            Assert.True(m.IsValid, m.Error);
            Assert.True(m.Operations > 0);
            Assert.True(m.LatencyMaxMs >= m.LatencyP50Ms && m.LatencyP50Ms > 0);
            Assert.True(m.PeakRssMegabytes > 0);
        });
        Assert.All(report.Measurements.Where(m => m.Workload != "cursor"), m => Assert.True(m.MegabytesPerSecond > 0));
        Assert.All(report.Memcpy, m => Assert.True(m.OperationsPerSecond > 0));
        var startup = Assert.Single(report.Startup);
        Assert.True(startup.ValidRuns == 1 && startup.ListeningMs > 0 && startup.IdleRssMegabytes > 0);
        Assert.Contains("full-1080p", table);
        Assert.Contains("latency p99 ms", table);
        var png = File.ReadAllBytes(Path.Combine(_output.Path, "bench.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void A_back_end_that_never_listens_is_reported_as_failed()
    {
        var (exitCode, table, _) = RunTool("--backend", "/bin/true", "--rounds", "1", "--workloads", "cursor", "--seconds", "0.1", "--warmup", "0");

        Assert.Equal(1, exitCode);
        Assert.Contains("/bin/true exited with status 0 before creating its socket", table);
    }

    [Fact]
    public void A_bad_command_line_is_refused_with_the_usage()
    {
        var (exitCode, _, progress) = RunTool("--workloads", "full-8k");

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown workload(s): full-8k", progress);
        Assert.Contains("usage: vhostgpu-bench", progress);
    }

    public void Dispose() => _output.Dispose();

    private (int ExitCode, string Table, string Progress) RunTool(params string[] args)
    {
        var table = new StringWriter();
        var progress = new StringWriter();
        int exitCode = Program.Run([.. args, "--out", _output.Path], table, progress);
        return (exitCode, table.ToString(), progress.ToString());
    }
}
