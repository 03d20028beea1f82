using Silk.NET.OpenGL;
using VhostGpu.Rendering.Imaging;
using GlPixelFormat = Silk.NET.OpenGL.PixelFormat;
using PixelFormat = VhostGpu.Rendering.Imaging.PixelFormat;

namespace VhostGpu.Rendering.Gl;

/// <summary>
/// A scanout's pixels on the GPU: a texture the size of the scanout rectangle, filled with the
/// guest's bytes as they are (uploaded as R,G,B,A bytes) and put in order by the texture swizzle,
/// so all eight formats upload without conversion. X channels read as one (opaque).
/// </summary>
public sealed class ScanoutTexture : IDisposable
{
    private readonly GL _gl;

    public ScanoutTexture(GL gl, int width, int height, PixelFormat format)
    {
        _gl = gl;
        Width = width;
        Height = height;
        Handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, Handle);
        // An empty span passes NULL: storage without data; the first upload fills it.
        gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)width, (uint)height, 0,
            GlPixelFormat.Rgba, PixelType.UnsignedByte, ReadOnlySpan<byte>.Empty);
        TextureFiltering.SetNearest(gl);
        PixelLayout layout = PixelLayout.Of(format);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureSwizzleR, Channel(layout.Red));
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureSwizzleG, Channel(layout.Green));
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureSwizzleB, Channel(layout.Blue));
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureSwizzleA,
            layout.HasAlpha ? Channel(layout.Alpha) : (int)GLEnum.One);
    }

    public uint Handle { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>
    /// Copies <paramref name="damage"/> (texture coordinates) from <paramref name="image"/>, whose
    /// pixel (<paramref name="originX"/>, <paramref name="originY"/>) is the texture's top-left.
    /// Only the damaged rows and columns travel: the row length lets GL step over the rest.
    /// </summary>
    public void Upload(HostImage image, int originX, int originY, PixelRect damage)
    {
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 4);
        _gl.PixelStore(PixelStoreParameter.UnpackRowLength, image.Width);
        lock (image.SyncRoot)
        {
            int first = (originY + damage.Y) * image.Stride + (originX + damage.X) * PixelLayout.BytesPerPixel;
            int last = (originY + damage.Bottom - 1) * image.Stride + (originX + damage.Right) * PixelLayout.BytesPerPixel;
            ReadOnlySpan<byte> pixels = image.Pixels[first..last];
            _gl.TexSubImage2D(TextureTarget.Texture2D, 0, damage.X, damage.Y, (uint)damage.Width, (uint)damage.Height,
                GlPixelFormat.Rgba, PixelType.UnsignedByte, pixels);
        }
        _gl.PixelStore(PixelStoreParameter.UnpackRowLength, 0);
    }

    public void Dispose() => _gl.DeleteTexture(Handle);

    private static int Channel(int byteIndex) => byteIndex switch
    {
        0 => (int)GLEnum.Red,
        1 => (int)GLEnum.Green,
        2 => (int)GLEnum.Blue,
        _ => (int)GLEnum.Alpha,
    };
}
