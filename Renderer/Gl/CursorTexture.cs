using Silk.NET.OpenGL;
using VhostGpu.Rendering.Scene;
using GlPixelFormat = Silk.NET.OpenGL.PixelFormat;

namespace VhostGpu.Rendering.Gl;

/// <summary>The cursor sprite on the GPU (B,G,R,A bytes uploaded as such, straight alpha).</summary>
public sealed class CursorTexture : IDisposable
{
    private readonly GL _gl;

    public CursorTexture(GL gl, CursorSprite sprite)
    {
        _gl = gl;
        Sprite = sprite;
        Handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, Handle);
        gl.PixelStore(PixelStoreParameter.UnpackAlignment, 4);
        gl.PixelStore(PixelStoreParameter.UnpackRowLength, 0);
        gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)sprite.Width, (uint)sprite.Height, 0,
            GlPixelFormat.Bgra, PixelType.UnsignedByte, (ReadOnlySpan<byte>)sprite.Bgra);
        TextureFiltering.SetNearest(gl);
    }

    public CursorSprite Sprite { get; }

    public uint Handle { get; }

    public void Dispose() => _gl.DeleteTexture(Handle);
}
