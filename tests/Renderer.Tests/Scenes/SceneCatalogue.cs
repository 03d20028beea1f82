using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.Scenes;

/// <summary>The golden scenes both renderers must draw: each format, partial updates, scaling, cursor, disabled.</summary>
public static class SceneCatalogue
{
    private static readonly PixelRect Whole = new(0, 0, 96, 64);

    public static IReadOnlyList<ScenePlan> All { get; } =
    [
        .. Enum.GetValues<PixelFormat>().Select(format =>
            new ScenePlan($"format-{format.ToString().ToLowerInvariant()}", format, 96, 64, Whole, 96, 64)),
        new("partial-update", PixelFormat.Bgrx, 96, 64, Whole, 96, 64, Damage: new PixelRect(20, 10, 30, 25)),
        new("partial-update-offset-scanout", PixelFormat.Rgba, 96, 64, new PixelRect(16, 8, 64, 48), 64, 48,
            Damage: new PixelRect(40, 30, 24, 18)),
        new("scanout-rect", PixelFormat.Xbgr, 96, 64, new PixelRect(16, 8, 64, 48), 64, 48),
        new("scaled-up-pillarbox", PixelFormat.Bgrx, 64, 48, new PixelRect(0, 0, 64, 48), 160, 100),
        new("scaled-down-letterbox", PixelFormat.Argb, 96, 64, Whole, 50, 50),
        new("cursor-hotspot", PixelFormat.Bgrx, 96, 64, Whole, 96, 64, CursorAt: (40, 20)),
        new("cursor-clipped-bottom-right", PixelFormat.Bgrx, 96, 64, Whole, 96, 64, CursorAt: (80, 50)),
        new("cursor-clipped-top-left", PixelFormat.Xrgb, 96, 64, Whole, 96, 64, CursorAt: (1, 0)),
        new("cursor-over-alpha", PixelFormat.Bgra, 96, 64, Whole, 96, 64, CursorAt: (30, 10)),
        new("cursor-scaled", PixelFormat.Bgrx, 96, 64, Whole, 200, 150, CursorAt: (50, 30)),
        new("disabled", PixelFormat.Bgrx, 96, 64, null, 96, 64),
        new("two-scanouts-left", PixelFormat.Bgrx, 192, 64, new PixelRect(0, 0, 96, 64), 96, 64),
        new("two-scanouts-right", PixelFormat.Bgrx, 192, 64, new PixelRect(96, 0, 96, 64), 96, 64, CursorAt: (20, 30)),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (ScenePlan plan in All)
        {
            data.Add(plan.Name);
        }
        return data;
    }

    public static ScenePlan Named(string name) => All.Single(plan => plan.Name == name);
}
