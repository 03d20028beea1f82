using Silk.NET.OpenGL;

namespace VhostGpu.Rendering.Gl;

internal static class TextureFiltering
{
    /// <summary>Nearest sampling, edges clamped: the bound 2D texture samples exactly as the CPU compositor does.</summary>
    public static void SetNearest(GL gl)
    {
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)GLEnum.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)GLEnum.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)GLEnum.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)GLEnum.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMaxLevel, 0);
    }
}
