namespace VhostGpu.Bench.Workloads;

/// <summary>The named workloads of issue 6, sized for a display divided by <c>scale</c> (1 = real size).</summary>
public static class WorkloadCatalog
{
    public static Workload Create(string name, uint scale, int damageBatch, uint chunkBytes) => name switch
    {
        "full-1080p" => new FullFrameWorkload(name, Scaled(1920, scale), Scaled(1080, scale), chunkBytes),
        "full-4k" => new FullFrameWorkload(name, Scaled(3840, scale), Scaled(2160, scale), chunkBytes),
        // Damage rectangles stay 64x64, so the smallest scanout must still hold a batch of them.
        "damage" => new DamageWorkload(Math.Max(Scaled(1920, scale), 512), Math.Max(Scaled(1080, scale), 256), damageBatch, chunkBytes),
        "cursor" => new CursorWorkload(Scaled(1920, scale), Scaled(1080, scale)),
        _ => throw new ArgumentException($"unknown workload {name}", nameof(name)),
    };

    // SET_SCANOUT refuses scanouts smaller than 16x16 (protocol reference 4.6).
    private static uint Scaled(uint size, uint scale) => Math.Max(size / scale, 16);
}
