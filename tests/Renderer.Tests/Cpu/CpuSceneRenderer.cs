using VhostGpu.Rendering.Cpu;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Scene;
using VhostGpu.Tests.Scenes;

namespace VhostGpu.Tests.Cpu;

/// <summary>Draws a scene plan with the CPU compositor, as a headless display would after the same guest commands.</summary>
public static class CpuSceneRenderer
{
    public static BgraFrame Render(ScenePlan plan)
    {
        HostImage image = plan.CreateImage();
        try
        {
            if (plan.Damage is { } damage && plan.Rect is { } rect)
            {
                // The resource only changes where the guest transferred: the damaged rectangle.
                TestPatterns.Fill(image, damage.Offset(rect.X, rect.Y), seed: 1);
            }
            ScanoutScene scene = plan.Rect is { } shown
                ? new ScanoutScene(image, shown, plan.Cursor(TestPatterns.Cursor()))
                : ScanoutScene.Disabled;
            return CpuCompositor.Compose(scene, plan.TargetWidth, plan.TargetHeight);
        }
        finally
        {
            image.ReleaseLease();
        }
    }
}
