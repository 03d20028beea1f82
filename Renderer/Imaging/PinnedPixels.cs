namespace VhostGpu.Rendering.Imaging;

/// <summary>
/// An image's pixel memory as it was when pinned (<see cref="HostImage.TryPinPixels"/>): mapped
/// until disposed, whatever happens to the image meanwhile.
/// </summary>
public sealed unsafe class PinnedPixels : IDisposable
{
    private readonly int _length;
    private PixelStorage? _storage;

    internal PinnedPixels(PixelStorage storage, int length)
    {
        _storage = storage;
        _length = length;
    }

    /// <summary>The image's bytes (stride = width * 4); valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Pixels
    {
        get
        {
            var storage = _storage;
            ObjectDisposedException.ThrowIf(storage == null, this);
            return new ReadOnlySpan<byte>((void*)storage.Address, _length);
        }
    }

    public void Dispose() => Interlocked.Exchange(ref _storage, null)?.Release();
}
