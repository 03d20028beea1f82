namespace VhostGpu.Rendering.Windowing;

/// <summary>The GLFW key codes the viewer reacts to (glfw3.h).</summary>
public static class GlfwKey
{
    public const int S = 83;
    public const int F12 = 301;
}
