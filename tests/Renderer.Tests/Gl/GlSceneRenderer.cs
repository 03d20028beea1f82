using VhostGpu.Rendering.Gl;
using VhostGpu.Rendering.Gl.Egl;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Tests.Scenes;

namespace VhostGpu.Tests.Gl;

/// <summary>Draws a scene plan with the GL presenter in a headless EGL context and reads it back.</summary>
public sealed class GlSceneRenderer : IDisposable
{
    private readonly EglHeadlessContext _context;

    public GlSceneRenderer()
    {
        _context = EglHeadlessContext.TryCreate(out string? error)
            ?? throw new InvalidOperationException($"headless GL is required for this test: {error}");
        Quad = new QuadProgram(_context.Gl);
    }

    public QuadProgram Quad { get; }

    public Silk.NET.OpenGL.GL Gl => _context.Gl;

    public BgraFrame Render(ScenePlan plan)
    {
        HostImage image = plan.CreateImage();
        using var presenter = new ScanoutPresenter(Gl, Quad);
        using var target = new OffscreenTarget(Gl, plan.TargetWidth, plan.TargetHeight);
        try
        {
            presenter.Show(plan.Rect is null ? null : image, plan.Rect ?? default);
            if (plan.Damage is { } damage)
            {
                // The guest rewrote everything but reported one rectangle: only that may reach the screen.
                TestPatterns.Fill(image, new PixelRect(0, 0, image.Width, image.Height), seed: 1);
                presenter.Upload(damage);
            }
            presenter.SetCursor(plan.CursorAt is null ? null : TestPatterns.Cursor());
            target.Bind();
            presenter.Draw(plan.TargetWidth, plan.TargetHeight, plan.CursorAt);
            return target.Read();
        }
        finally
        {
            image.ReleaseLease();
        }
    }

    public void Dispose()
    {
        Quad.Dispose();
        _context.Dispose();
    }
}
