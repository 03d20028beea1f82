using VhostGpu.Tests.Golden;
using VhostGpu.Tests.Scenes;

namespace VhostGpu.Tests.Gl;

public sealed class GlPresenterGoldenTests
{
    /// <summary>
    /// Largest per-channel difference allowed between llvmpipe's picture and the CPU golden: GL
    /// blends in floating point and rounds once, the compositor in integers, so blended cursor
    /// pixels may be one step apart. Everything else is expected to be bit-exact.
    /// </summary>
    public const int Tolerance = 1;

    [Theory]
    [MemberData(nameof(SceneCatalogue.Names), MemberType = typeof(SceneCatalogue))]
    public void Scene_matches_the_golden_image_within_tolerance(string name)
    {
        using var renderer = new GlSceneRenderer();
        GoldenImage.AssertMatches(renderer.Render(SceneCatalogue.Named(name)), name, Tolerance);
    }
}
