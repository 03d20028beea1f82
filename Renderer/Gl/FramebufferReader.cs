using Silk.NET.OpenGL;
using VhostGpu.Rendering.Imaging;
using GlPixelFormat = Silk.NET.OpenGL.PixelFormat;

namespace VhostGpu.Rendering.Gl;

/// <summary>Reads the bound framebuffer into a frame (GL's rows run bottom-up; frames run top-down).</summary>
public static class FramebufferReader
{
    public static BgraFrame Read(GL gl, int width, int height)
    {
        var bottomUp = new byte[checked(width * height * PixelLayout.BytesPerPixel)];
        gl.PixelStore(PixelStoreParameter.PackAlignment, 4);
        gl.PixelStore(PixelStoreParameter.PackRowLength, 0);
        gl.ReadPixels(0, 0, (uint)width, (uint)height, GlPixelFormat.Bgra, PixelType.UnsignedByte, bottomUp.AsSpan());
        var frame = new BgraFrame(width, height);
        for (int y = 0; y < height; y++)
        {
            bottomUp.AsSpan((height - 1 - y) * frame.Stride, frame.Stride).CopyTo(frame.Row(y));
        }
        return frame;
    }
}
