namespace VhostGpu.Bench.Measuring;

/// <summary>What the figures were taken on: CPU model, cores, kernel, and the load average around the run.</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Kernel, double MemoryGigabytes)
{
    public static MachineInfo Current()
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        string kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        string? memTotal = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        double memory = memTotal is null ? 0 : double.Parse(memTotal.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / (1024 * 1024);
        return new MachineInfo(cpu, Environment.ProcessorCount, kernel, Math.Round(memory, 1));
    }

    /// <summary>The 1-minute load average (/proc/loadavg).</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"{Cpu}, {Cores} cores, {MemoryGigabytes} GiB, Linux {Kernel}";
}
