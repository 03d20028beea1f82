using System.Runtime.Intrinsics.X86;

namespace VhostGpu.Interop;

/// <summary>
/// Asks the CPU to start loading memory that is about to be copied. A rectangle is copied row by
/// row, and rows of a small rectangle lie far apart, so without this each row's cache misses are
/// waited for one after another; prefetching a few rows ahead lets them overlap.
/// </summary>
public static unsafe class CachePrefetch
{
    private const int LineBytes = 64;

    /// <summary>Prefetches every cache line of <paramref name="memory"/> (a hint: never faults, may be ignored).</summary>
    public static void Lines(ReadOnlySpan<byte> memory)
    {
        if (!Sse.IsSupported || memory.IsEmpty)
        {
            return;
        }
        fixed (byte* start = memory)
        {
            byte* end = start + memory.Length;
            for (byte* line = start; line < end; line += LineBytes)
            {
                Sse.Prefetch0(line);
            }
            // The loop steps from an address that need not be line-aligned: cover the last line too.
            Sse.Prefetch0(end - 1);
        }
    }
}
