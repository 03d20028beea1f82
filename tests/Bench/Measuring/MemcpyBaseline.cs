using System.Diagnostics;

namespace VhostGpu.Bench.Measuring;

/// <summary>
/// This machine's memcpy speed for a given number of bytes: one copy of the bytes an operation
/// carries, the least any back-end must do per operation (guest backing → display socket needs at
/// least that). Copies stream through source and destination areas at least twice the size of the
/// last-level cache, one operation's bytes after the other, as a guest's frames do: copying the
/// same few megabytes again and again would time the cache, not memory (at 1080p that is 3x
/// faster here, and no frame stream gets it). Median of several timed batches.
/// </summary>
public static class MemcpyBaseline
{
    private const int Batches = 7;
    private const long FallbackCacheBytes = 32L << 20;
    private static readonly TimeSpan BatchTime = TimeSpan.FromMilliseconds(60);

    /// <summary>Copies per second of <paramref name="bytes"/> bytes, from memory the cache does not hold.</summary>
    public static double CopiesPerSecond(long bytes)
    {
        long slots = Math.Max(1, (2 * LastLevelCacheBytes() + bytes - 1) / bytes);
        var source = new byte[slots * bytes];
        var destination = new byte[slots * bytes];
        Random.Shared.NextBytes(source);
        destination.AsSpan().Fill(1);
        var rates = new List<double>(Batches);
        long slot = 0;
        for (int b = 0; b < Batches; b++)
        {
            long copies = 0;
            long start = Stopwatch.GetTimestamp();
            TimeSpan elapsed;
            do
            {
                long offset = slot * bytes;
                source.AsSpan((int)offset, (int)bytes).CopyTo(destination.AsSpan((int)offset, (int)bytes));
                slot = (slot + 1) % slots;
                copies++;
                elapsed = Stopwatch.GetElapsedTime(start);
            }
            while (elapsed < BatchTime);
            rates.Add(copies / elapsed.TotalSeconds);
        }
        return Percentile.Median(rates);
    }

    /// <summary>The largest cache level's size from sysfs (e.g. "32768K"), or 32 MiB when unknown.</summary>
    public static long LastLevelCacheBytes()
    {
        const string Caches = "/sys/devices/system/cpu/cpu0/cache";
        long largest = 0;
        var indexes = Directory.Exists(Caches) ? Directory.EnumerateDirectories(Caches, "index*") : [];
        foreach (var index in indexes)
        {
            string sizeFile = Path.Combine(index, "size");
            if (!File.Exists(sizeFile))
            {
                continue;
            }
            string text = File.ReadAllText(sizeFile).Trim();
            long unit = text.EndsWith('K') ? 1L << 10 : text.EndsWith('M') ? 1L << 20 : 1;
            if (long.TryParse(text.TrimEnd('K', 'M'), out long value))
            {
                largest = Math.Max(largest, value * unit);
            }
        }
        return largest > 0 ? largest : FallbackCacheBytes;
    }
}
