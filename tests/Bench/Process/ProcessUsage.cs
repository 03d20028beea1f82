using System.Globalization;

namespace VhostGpu.Bench.Process;

/// <summary>
/// A process's CPU time and memory as /proc reports them: utime + stime of all its threads
/// (/proc/PID/stat fields 14 and 15) and VmRSS / VmHWM (peak resident set) from /proc/PID/status.
/// </summary>
public readonly record struct ProcessUsage(double CpuSeconds, long ResidentBytes, long PeakResidentBytes)
{
    // /proc reports CPU time in USER_HZ ticks, which the x86-64 ABI fixes at 100 per second.
    private const double TicksPerSecond = 100;

    public static ProcessUsage Read(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name in field 2 may contain spaces; fields are counted after its closing parenthesis.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0, hwm = 0;
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
        }
        return new ProcessUsage(ticks / TicksPerSecond, rss, hwm);
    }

    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
