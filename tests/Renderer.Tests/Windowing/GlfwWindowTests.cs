using VhostGpu.Rendering.Cpu;
using VhostGpu.Rendering.Gl;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;
using VhostGpu.Rendering.Scene;
using VhostGpu.Rendering.Windowing;
using VhostGpu.Tests.Golden;
using VhostGpu.Tests.Scenes;
using VhostGpu.TestSupport.Display;

namespace VhostGpu.Tests.Windowing;

/// <summary>The GLFW layer with the presenter in a real window on a private Xvfb.</summary>
public sealed class GlfwWindowTests
{
    [Fact]
    public void Presenter_in_a_window_shows_the_cpu_picture_in_gl_and_on_the_x_screen()
    {
        using XvfbServer xvfb = XvfbServer.Start(640, 480);
        using GlfwSession session = GlfwSession.TryStart(xvfb.Display, out string? error)
            ?? throw new InvalidOperationException(error);
        using GlfwWindow window = session.TryCreateWindow(240, 160, "presenter test", out error)
            ?? throw new InvalidOperationException(error);
        window.MakeCurrent();
        using var gl = session.LoadGl();
        using var quad = new QuadProgram(gl);
        using var presenter = new ScanoutPresenter(gl, quad);
        HostImage image = TestPatterns.Image(96, 64, PixelFormat.Xrgb);
        try
        {
            CursorSprite cursor = TestPatterns.Cursor();
            presenter.Show(image, new PixelRect(0, 0, 96, 64));
            presenter.SetCursor(cursor);
            (int width, int height) = window.FramebufferSize;
            presenter.Draw(width, height, (30, 20));
            BgraFrame fromGl = FramebufferReader.Read(gl, width, height);
            window.SwapBuffers();
            gl.Finish();

            BgraFrame expected = CpuCompositor.Compose(
                new ScanoutScene(image, new PixelRect(0, 0, 96, 64), new CursorPlacement(cursor, 30, 20)), width, height);
            Assert.Equal((240, 160), (width, height));
            AssertSame(expected, fromGl, "window-glreadpixels");

            string capture = Path.Combine(Path.GetTempPath(), $"vhostgpu-root-{Guid.NewGuid():N}.png");
            try
            {
                xvfb.CaptureRoot(capture);
                BgraFrame root = PngFile.Load(capture);
                AssertSame(expected, Frames.CropTopLeft(root, width, height), "window-x-screen");
            }
            finally
            {
                File.Delete(capture);
            }
        }
        finally
        {
            image.ReleaseLease();
        }
    }

    [Fact]
    public void Resizing_the_window_reports_the_new_framebuffer_size()
    {
        using XvfbServer xvfb = XvfbServer.Start(640, 480);
        using GlfwSession session = GlfwSession.TryStart(xvfb.Display, out string? error)
            ?? throw new InvalidOperationException(error);
        using GlfwWindow window = session.TryCreateWindow(200, 100, "resize test", out error)
            ?? throw new InvalidOperationException(error);
        (int, int)? reported = null;
        window.FramebufferResized += (w, h) => reported = (w, h);
        window.Resize(320, 240);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (reported is null && DateTime.UtcNow < deadline)
        {
            session.WaitEvents(TimeSpan.FromMilliseconds(50));
        }
        Assert.Equal((320, 240), reported);
        Assert.Equal((320, 240), window.FramebufferSize);
    }

    [Fact]
    public void A_second_session_is_refused_while_one_runs()
    {
        using XvfbServer xvfb = XvfbServer.Start(320, 200);
        using GlfwSession session = GlfwSession.TryStart(xvfb.Display, out string? error)
            ?? throw new InvalidOperationException(error);
        Assert.Null(GlfwSession.TryStart(xvfb.Display, out error));
        Assert.Contains("already started", error);
    }

    private static void AssertSame(BgraFrame expected, BgraFrame actual, string name) =>
        GoldenImage.AssertClose(Frames.Opaque(expected), Frames.Opaque(actual), name, tolerance: 0);
}
