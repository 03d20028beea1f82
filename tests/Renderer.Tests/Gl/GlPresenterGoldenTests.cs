using VhostGpu.Rendering.Gl;
using VhostGpu.Rendering.Imaging;
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

    [Fact]
    public void Two_presenters_share_one_image_each_with_its_own_texture()
    {
        using var renderer = new GlSceneRenderer();
        ScenePlan left = SceneCatalogue.Named("two-scanouts-left");
        ScenePlan right = SceneCatalogue.Named("two-scanouts-right");
        HostImage image = left.CreateImage();
        try
        {
            using var leftPresenter = new ScanoutPresenter(renderer.Gl, renderer.Quad);
            using var rightPresenter = new ScanoutPresenter(renderer.Gl, renderer.Quad);
            leftPresenter.Show(image, left.Rect!.Value);
            rightPresenter.Show(image, right.Rect!.Value);
            rightPresenter.SetCursor(TestPatterns.Cursor());
            using var target = new OffscreenTarget(renderer.Gl, 96, 64);
            target.Bind();
            leftPresenter.Draw(96, 64, null);
            GoldenImage.AssertMatches(target.Read(), left.Name, Tolerance);
            rightPresenter.Draw(96, 64, right.CursorAt);
            GoldenImage.AssertMatches(target.Read(), right.Name, Tolerance);
        }
        finally
        {
            image.ReleaseLease();
        }
    }
}
