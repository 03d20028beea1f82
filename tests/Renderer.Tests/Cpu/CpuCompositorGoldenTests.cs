using VhostGpu.Tests.Golden;
using VhostGpu.Tests.Scenes;

namespace VhostGpu.Tests.Cpu;

public sealed class CpuCompositorGoldenTests
{
    [Theory]
    [MemberData(nameof(SceneCatalogue.Names), MemberType = typeof(SceneCatalogue))]
    public void Scene_matches_its_golden_image_exactly(string name)
    {
        GoldenImage.AssertMatches(CpuSceneRenderer.Render(SceneCatalogue.Named(name)), name);
    }
}
