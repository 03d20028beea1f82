using System.Diagnostics;

namespace VhostGpu.Bench.Measuring;

/// <summary>
/// This machine's memcpy speed for a given number of bytes: one copy of the bytes an operation
/// carries, the least any back-end must do per operation (guest backing → display socket needs at
/// least that). Median of several timed batches.
/// </summary>
public static class MemcpyBaseline
{
    private const int Batches = 7;
    private static readonly TimeSpan BatchTime = TimeSpan.FromMilliseconds(60);

    /// <summary>Copies per second of <paramref name="bytes"/> bytes, source and destination distinct buffers.</summary>
    public static double CopiesPerSecond(long bytes)
    {
        var source = new byte[bytes];
        var destination = new byte[bytes];
        Random.Shared.NextBytes(source);
        destination.AsSpan().Fill(1);
        var rates = new List<double>(Batches);
        for (int b = 0; b < Batches; b++)
        {
            long copies = 0;
            long start = Stopwatch.GetTimestamp();
            TimeSpan elapsed;
            do
            {
                source.AsSpan().CopyTo(destination);
                copies++;
                elapsed = Stopwatch.GetElapsedTime(start);
            }
            while (elapsed < BatchTime);
            rates.Add(copies / elapsed.TotalSeconds);
        }
        return Percentile.Median(rates);
    }
}
