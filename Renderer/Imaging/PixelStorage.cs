namespace VhostGpu.Rendering.Imaging;

/// <summary>
/// Native memory that holds an image's pixels. The <see cref="HostImage"/> that adopts it
/// disposes it when its last lease ends. Implementations outside the renderer supply memory the
/// renderer knows nothing about (e.g. a sealed memfd that can be handed to another process).
/// </summary>
public abstract class PixelStorage : IDisposable
{
    /// <summary>The first byte; valid until <see cref="Dispose"/>.</summary>
    public abstract nint Address { get; }

    /// <summary>Usable bytes from <see cref="Address"/>.</summary>
    public abstract long Length { get; }

    public abstract void Dispose();
}
