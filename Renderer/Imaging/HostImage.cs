namespace VhostGpu.Rendering.Imaging;

/// <summary>
/// A host-side 32-bpp image (a virtio-gpu resource's pixels). Several owners share it — the resource
/// table, scanouts, display threads — each holding a lease; the pixels are freed when the last lease
/// ends. Writers and readers take <see cref="SyncRoot"/> so a display never copies a half-written row,
/// and so that the pixels can move to other storage (<see cref="TryMoveTo"/>) between two accesses.
/// One reader goes further: the QEMU display pins the pixels (<see cref="TryPinPixels"/>) and hands
/// whole-row bands to the kernel by page reference without the lock; QEMU reads them later, so it
/// may see pixels newer than the flush (never older); the transfer that wrote them is followed by
/// its own update.
/// </summary>
public sealed unsafe class HostImage
{
    private PixelStorage? _storage;
    private byte* _pixels;
    private int _leases = 1;

    private HostImage(PixelStorage storage, int width, int height, PixelFormat format)
    {
        _storage = storage;
        _pixels = (byte*)storage.Address;
        Width = width;
        Height = height;
        Format = format;
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride => Width * PixelLayout.BytesPerPixel;

    public long ByteSize => (long)Stride * Height;

    public PixelFormat Format { get; }

    /// <summary>Held while pixels are written or read, never across blocking I/O.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>
    /// Allocates a zeroed image; null when the size is not representable or the allocation fails.
    /// The caller owns the first lease.
    /// </summary>
    public static HostImage? TryCreate(int width, int height, PixelFormat format)
    {
        if (width <= 0 || height <= 0)
        {
            return null;
        }
        long bytes = (long)width * height * PixelLayout.BytesPerPixel;
        if (bytes > int.MaxValue)
        {
            return null;
        }
        var storage = HeapPixelStorage.TryAllocate(bytes);
        return storage == null ? null : new HostImage(storage, width, height, format);
    }

    /// <summary>
    /// The whole pixel buffer. Valid only while the caller holds a lease and <see cref="SyncRoot"/>:
    /// the storage can change when the lock is not held.
    /// </summary>
    public Span<byte> Pixels
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pixels == null, this);
            return new Span<byte>(_pixels, (int)ByteSize);
        }
    }

    /// <summary>Row <paramref name="y"/> from column <paramref name="x"/>, <paramref name="width"/> pixels.</summary>
    public Span<byte> Row(int y, int x, int width) =>
        Pixels.Slice(y * Stride + x * PixelLayout.BytesPerPixel, width * PixelLayout.BytesPerPixel);

    /// <summary>
    /// Copies the pixels into <paramref name="storage"/>, which the image adopts, and frees the old
    /// storage. False (the caller keeps <paramref name="storage"/>) when it is too small or the
    /// image is already freed. A one-time copy when an image starts being shared, never per frame.
    /// </summary>
    public bool TryMoveTo(PixelStorage storage)
    {
        if (storage.Length < ByteSize)
        {
            return false;
        }
        lock (SyncRoot)
        {
            if (_storage == null)
            {
                return false;
            }
            var target = new Span<byte>((byte*)storage.Address, (int)ByteSize);
            Pixels.CopyTo(target);
            _storage.Release();
            _storage = storage;
            _pixels = (byte*)storage.Address;
            return true;
        }
    }

    /// <summary>
    /// Keeps the current pixel memory mapped until the pin is disposed, even if the image moves to
    /// other storage or its last lease ends meanwhile, so it can be read without <see cref="SyncRoot"/>
    /// (by a reader that accepts seeing later writes, see the class summary). Null once freed.
    /// </summary>
    public PinnedPixels? TryPinPixels()
    {
        lock (SyncRoot)
        {
            if (_storage == null)
            {
                return null;
            }
            _storage.Hold();
            return new PinnedPixels(_storage, (int)ByteSize);
        }
    }

    /// <summary>Whether the last lease has ended and the pixels are gone (an owner's lease may end on another thread).</summary>
    public bool IsFreed => Volatile.Read(ref _leases) == 0;

    /// <summary>Takes another lease; false when the image is already freed.</summary>
    public bool TryAddLease()
    {
        while (true)
        {
            int current = Volatile.Read(ref _leases);
            if (current == 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _leases, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Ends one lease; the last one frees the pixels.</summary>
    public void ReleaseLease()
    {
        int left = Interlocked.Decrement(ref _leases);
        if (left == 0)
        {
            lock (SyncRoot)
            {
                _storage!.Release();
                _storage = null;
                _pixels = null;
            }
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("HostImage lease released more often than taken");
        }
    }
}
