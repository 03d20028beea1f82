using Silk.NET.OpenGL;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Rendering.Gl;

/// <summary>
/// Draws a texture scaled into a target area with nearest sampling done in integers — the same
/// rule as <see cref="Scene.Letterbox.NearestSource"/> — so GL and the CPU compositor pick the
/// same texel even where a pixel centre falls exactly on a texel edge (floating-point texture
/// coordinates round those either way). The rectangle is drawn from gl_VertexID, without a
/// vertex buffer.
/// </summary>
public sealed class QuadProgram : IDisposable
{
    private const string VertexSource = """
        #version 330 core
        uniform vec4 uQuad;
        uniform vec2 uTarget;
        void main()
        {
            vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
            vec2 pixel = uQuad.xy + corner * uQuad.zw;
            gl_Position = vec4(pixel.x / uTarget.x * 2.0 - 1.0, 1.0 - pixel.y / uTarget.y * 2.0, 0.0, 1.0);
        }
        """;

    // uArea: where the whole scanout lands (top-left origin); uScanout: its size in texels;
    // uOrigin: where this texture's texel (0, 0) sits in scanout texels (the cursor's corner).
    private const string FragmentSource = """
        #version 330 core
        uniform sampler2D uImage;
        uniform ivec4 uArea;
        uniform ivec2 uScanout;
        uniform ivec2 uOrigin;
        uniform int uTargetHeight;
        out vec4 oColour;
        void main()
        {
            ivec2 pixel = ivec2(int(gl_FragCoord.x), uTargetHeight - 1 - int(gl_FragCoord.y));
            ivec2 offset = pixel - uArea.xy;
            ivec2 texel = (2 * offset + 1) * uScanout / (2 * uArea.zw) - uOrigin;
            if (any(lessThan(offset, ivec2(0))) || any(greaterThanEqual(offset, uArea.zw))
                || any(lessThan(texel, ivec2(0))) || any(greaterThanEqual(texel, textureSize(uImage, 0))))
            {
                discard;
            }
            oColour = texelFetch(uImage, texel, 0);
        }
        """;

    private readonly GL _gl;
    private readonly uint _program;
    private readonly uint _vertexArray;
    private readonly int _quad;
    private readonly int _target;
    private readonly int _area;
    private readonly int _scanout;
    private readonly int _origin;
    private readonly int _targetHeight;

    public QuadProgram(GL gl)
    {
        _gl = gl;
        uint vertex = Compile(ShaderType.VertexShader, VertexSource);
        uint fragment = Compile(ShaderType.FragmentShader, FragmentSource);
        _program = gl.CreateProgram();
        gl.AttachShader(_program, vertex);
        gl.AttachShader(_program, fragment);
        gl.LinkProgram(_program);
        gl.DeleteShader(vertex);
        gl.DeleteShader(fragment);
        gl.GetProgram(_program, ProgramPropertyARB.LinkStatus, out int linked);
        if (linked == 0)
        {
            throw new InvalidOperationException($"quad program does not link: {gl.GetProgramInfoLog(_program)}");
        }
        _quad = gl.GetUniformLocation(_program, "uQuad");
        _target = gl.GetUniformLocation(_program, "uTarget");
        _area = gl.GetUniformLocation(_program, "uArea");
        _scanout = gl.GetUniformLocation(_program, "uScanout");
        _origin = gl.GetUniformLocation(_program, "uOrigin");
        _targetHeight = gl.GetUniformLocation(_program, "uTargetHeight");
        gl.UseProgram(_program);
        gl.Uniform1(gl.GetUniformLocation(_program, "uImage"), 0);
        _vertexArray = gl.GenVertexArray();
    }

    /// <summary>
    /// Draws the part of <paramref name="texture"/> that covers <paramref name="quad"/> (target
    /// pixels): the scanout of <paramref name="scanoutWidth"/> x <paramref name="scanoutHeight"/>
    /// texels fills <paramref name="area"/>, and this texture's texel (0, 0) is the scanout's texel
    /// <paramref name="origin"/>. Pixels outside the area or the texture are left alone.
    /// </summary>
    public void Draw(uint texture, PixelRect quad, PixelRect area, int scanoutWidth, int scanoutHeight,
        (int X, int Y) origin, int targetWidth, int targetHeight)
    {
        _gl.UseProgram(_program);
        _gl.BindVertexArray(_vertexArray);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, texture);
        _gl.Uniform4(_quad, (float)quad.X, quad.Y, quad.Width, quad.Height);
        _gl.Uniform2(_target, (float)targetWidth, targetHeight);
        _gl.Uniform4(_area, area.X, area.Y, area.Width, area.Height);
        _gl.Uniform2(_scanout, scanoutWidth, scanoutHeight);
        _gl.Uniform2(_origin, origin.X, origin.Y);
        _gl.Uniform1(_targetHeight, targetHeight);
        _gl.DrawArrays(PrimitiveType.TriangleStrip, 0, 4);
    }

    public void Dispose()
    {
        _gl.DeleteVertexArray(_vertexArray);
        _gl.DeleteProgram(_program);
    }

    private uint Compile(ShaderType type, string source)
    {
        uint shader = _gl.CreateShader(type);
        _gl.ShaderSource(shader, source);
        _gl.CompileShader(shader);
        _gl.GetShader(shader, ShaderParameterName.CompileStatus, out int compiled);
        if (compiled == 0)
        {
            throw new InvalidOperationException($"{type} does not compile: {_gl.GetShaderInfoLog(shader)}");
        }
        return shader;
    }
}
