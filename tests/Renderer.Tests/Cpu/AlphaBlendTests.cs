using VhostGpu.Rendering.Cpu;

namespace VhostGpu.Tests.Cpu;

public sealed class AlphaBlendTests
{
    [Fact]
    public void Opaque_source_replaces_and_clear_source_keeps()
    {
        byte[] destination = [1, 2, 3, 4, 5, 6, 7, 8];
        AlphaBlend.Over([10, 20, 30, 255, 99, 99, 99, 0], destination);
        Assert.Equal([10, 20, 30, 255, 5, 6, 7, 8], destination);
    }

    [Fact]
    public void Half_alpha_mixes_with_rounding_and_accumulates_coverage()
    {
        byte[] destination = [0, 100, 255, 0];
        AlphaBlend.Over([255, 0, 0, 128], destination);
        // 255*128/255 = 128; 100*127/255 = 49.8 -> 50; 255*127/255 = 127; alpha 128 + 0.
        Assert.Equal([128, 50, 127, 128], destination);
    }
}
