using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Gpu.Wire;

/// <summary>The eight virtio_gpu_formats a 2D resource can have (protocol reference 4.5), all 32 bpp.</summary>
public static class VirtioGpuFormat
{
    public const uint B8G8R8A8Unorm = 1;
    public const uint B8G8R8X8Unorm = 2;
    public const uint A8R8G8B8Unorm = 3;
    public const uint X8R8G8B8Unorm = 4;
    public const uint R8G8B8A8Unorm = 67;
    public const uint X8B8G8R8Unorm = 68;
    public const uint A8B8G8R8Unorm = 121;
    public const uint R8G8B8X8Unorm = 134;

    /// <summary>The host pixel format of a wire format; null for any other value.</summary>
    public static PixelFormat? ToPixelFormat(uint format) => format switch
    {
        B8G8R8A8Unorm => PixelFormat.Bgra,
        B8G8R8X8Unorm => PixelFormat.Bgrx,
        A8R8G8B8Unorm => PixelFormat.Argb,
        X8R8G8B8Unorm => PixelFormat.Xrgb,
        R8G8B8A8Unorm => PixelFormat.Rgba,
        X8B8G8R8Unorm => PixelFormat.Xbgr,
        A8B8G8R8Unorm => PixelFormat.Abgr,
        R8G8B8X8Unorm => PixelFormat.Rgbx,
        _ => null,
    };
}
