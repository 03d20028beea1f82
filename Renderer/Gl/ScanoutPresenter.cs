using Silk.NET.OpenGL;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Scene;

namespace VhostGpu.Rendering.Gl;

/// <summary>
/// Shows one scanout with OpenGL: keeps its pixels in one texture, uploads only what was
/// damaged, and draws it into the bound framebuffer scaled with the aspect ratio kept, the cursor
/// on top at its hot spot. Same picture as <see cref="Cpu.CpuCompositor"/>. All calls on the
/// thread where the context is current.
/// </summary>
public sealed class ScanoutPresenter : IDisposable
{
    private readonly GL _gl;
    private readonly QuadProgram _quad;
    private HostImage? _image;
    private PixelRect _rect;
    private ScanoutTexture? _texture;
    private CursorTexture? _cursor;

    public ScanoutPresenter(GL gl, QuadProgram quad)
    {
        _gl = gl;
        _quad = quad;
    }

    /// <summary>The scanout's size in guest pixels, or null while disabled.</summary>
    public (int Width, int Height)? Mode => _texture is null ? null : (_texture.Width, _texture.Height);

    /// <summary>
    /// Shows <paramref name="rect"/> of <paramref name="image"/> (the caller keeps a lease while it is
    /// shown) and uploads all of it. Null disables the scanout.
    /// </summary>
    public void Show(HostImage? image, PixelRect rect)
    {
        PixelRect inside = image is null ? default : rect.Intersect(new PixelRect(0, 0, image.Width, image.Height));
        if (image is null || inside != rect)
        {
            _texture?.Dispose();
            _texture = null;
            _image = null;
            return;
        }
        if (_texture is null || _texture.Width != rect.Width || _texture.Height != rect.Height || _image?.Format != image.Format)
        {
            _texture?.Dispose();
            _texture = new ScanoutTexture(_gl, rect.Width, rect.Height, image.Format);
        }
        _image = image;
        _rect = rect;
        _texture.Upload(image, rect.X, rect.Y, new PixelRect(0, 0, rect.Width, rect.Height));
    }

    /// <summary>Uploads <paramref name="damage"/> (scanout coordinates) from the shown image.</summary>
    public void Upload(PixelRect damage)
    {
        if (_texture is null || _image is null)
        {
            return;
        }
        PixelRect inside = damage.Intersect(new PixelRect(0, 0, _texture.Width, _texture.Height));
        if (!inside.IsEmpty)
        {
            _texture.Upload(_image, _rect.X, _rect.Y, inside);
        }
    }

    /// <summary>Replaces the cursor picture (null: no cursor).</summary>
    public void SetCursor(CursorSprite? sprite)
    {
        if (ReferenceEquals(sprite, _cursor?.Sprite))
        {
            return;
        }
        _cursor?.Dispose();
        _cursor = sprite is null ? null : new CursorTexture(_gl, sprite);
    }

    /// <summary>
    /// Draws into the bound framebuffer of <paramref name="width"/> x <paramref name="height"/>:
    /// black, the scanout fitted in, and the cursor with its hot spot at <paramref name="cursorAt"/>
    /// (scanout pixels; null hides it), clipped to the scanout.
    /// </summary>
    public void Draw(int width, int height, (int X, int Y)? cursorAt)
    {
        _gl.Viewport(0, 0, (uint)width, (uint)height);
        _gl.Disable(EnableCap.Blend);
        _gl.ClearColor(0f, 0f, 0f, 1f);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        if (_texture is null)
        {
            return;
        }
        PixelRect area = Letterbox.Fit(_texture.Width, _texture.Height, width, height);
        _quad.Draw(_texture.Handle, area, area, _texture.Width, _texture.Height, (0, 0), width, height);
        if (_cursor is null || cursorAt is not { } at)
        {
            return;
        }
        PixelRect placed = _cursor.Sprite.PlacedAt(at.X, at.Y);
        _gl.Enable(EnableCap.Blend);
        _gl.BlendFuncSeparate(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        _quad.Draw(_cursor.Handle, CoverInTarget(placed, area), area, _texture.Width, _texture.Height,
            (placed.X, placed.Y), width, height);
        _gl.Disable(EnableCap.Blend);
    }

    /// <summary>Target pixels that may show part of <paramref name="rect"/> (scanout texels), one pixel generous on each side.</summary>
    private PixelRect CoverInTarget(PixelRect rect, PixelRect area)
    {
        long left = area.X + (long)rect.X * area.Width / _texture!.Width - 1;
        long top = area.Y + (long)rect.Y * area.Height / _texture.Height - 1;
        long right = area.X + (long)rect.Right * area.Width / _texture.Width + 2;
        long bottom = area.Y + (long)rect.Bottom * area.Height / _texture.Height + 2;
        return new PixelRect((int)left, (int)top, (int)(right - left), (int)(bottom - top)).Intersect(area);
    }

    public void Dispose()
    {
        _texture?.Dispose();
        _cursor?.Dispose();
    }
}
