using Silk.NET.OpenGL;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Rendering.Gl;

/// <summary>A framebuffer object with one RGBA8 colour buffer, for drawing without a window and reading the result back.</summary>
public sealed class OffscreenTarget : IDisposable
{
    private readonly GL _gl;
    private readonly uint _framebuffer;
    private readonly uint _colour;

    public OffscreenTarget(GL gl, int width, int height)
    {
        _gl = gl;
        Width = width;
        Height = height;
        _colour = gl.GenRenderbuffer();
        gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, _colour);
        gl.RenderbufferStorage(RenderbufferTarget.Renderbuffer, InternalFormat.Rgba8, (uint)width, (uint)height);
        _framebuffer = gl.GenFramebuffer();
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        gl.FramebufferRenderbuffer(FramebufferTarget.Framebuffer, FramebufferAttachment.ColorAttachment0,
            RenderbufferTarget.Renderbuffer, _colour);
        GLEnum status = gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
        if (status != GLEnum.FramebufferComplete)
        {
            throw new InvalidOperationException($"offscreen framebuffer incomplete: {status}");
        }
    }

    public int Width { get; }

    public int Height { get; }

    public void Bind() => _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);

    /// <summary>The colour buffer as a frame, top row first.</summary>
    public BgraFrame Read()
    {
        Bind();
        return FramebufferReader.Read(_gl, Width, Height);
    }

    public void Dispose()
    {
        _gl.DeleteFramebuffer(_framebuffer);
        _gl.DeleteRenderbuffer(_colour);
    }
}
