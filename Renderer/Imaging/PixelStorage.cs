namespace VhostGpu.Rendering.Imaging;

/// <summary>
/// Native memory that holds an image's pixels. The <see cref="HostImage"/> that adopts it holds it
/// until its last lease ends or it moves elsewhere, and a <see cref="PinnedPixels"/> holds it while
/// pinned; the last hold disposes it. Implementations outside the renderer supply memory the
/// renderer knows nothing about (e.g. a sealed memfd that can be handed to another process).
/// </summary>
public abstract class PixelStorage : IDisposable
{
    private int _holds = 1;

    /// <summary>The first byte; valid until <see cref="Dispose"/>.</summary>
    public abstract nint Address { get; }

    /// <summary>Usable bytes from <see cref="Address"/>.</summary>
    public abstract long Length { get; }

    public abstract void Dispose();

    /// <summary>Another hold; only taken while an existing one is known to last (under the image's lock).</summary>
    internal void Hold() => Interlocked.Increment(ref _holds);

    /// <summary>Ends a hold; the last one disposes the memory.</summary>
    internal void Release()
    {
        if (Interlocked.Decrement(ref _holds) == 0)
        {
            Dispose();
        }
    }
}
