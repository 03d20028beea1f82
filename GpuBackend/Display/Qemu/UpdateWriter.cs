using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// Turns damage of a scanout into UPDATE messages: the rectangle is cut into bands of at most
/// <see cref="MaxBandBytes"/> pixel bytes (full rows when a row fits), each converted to B,G,R,X
/// into one reused buffer under the image's lock and sent after the lock is released. Bands keep
/// QEMU's per-message allocation and our lock hold times short; each UPDATE stands alone.
/// Bands of whole image rows in a format QEMU takes as it is (B,G,R,X / B,G,R,A) skip that copy:
/// see <see cref="SendInPlace"/>. Used by whoever holds the sink's write side.
/// </summary>
internal sealed class UpdateWriter
{
    public const int MaxBandBytes = 1 << 20;

    /// <summary>Largest pixel area (in bytes) that <see cref="EncodeSmall"/> takes: one band, and little enough to convert inline.</summary>
    public const int SmallUpdateBytes = 64 * 1024;

    private const int MaxBandPixels = MaxBandBytes / PixelLayout.BytesPerPixel;
    private const int PixelsOffset = GpuSocketHeader.ByteSize + UpdateMessage.HeaderSize;

    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(PixelsOffset + MaxBandBytes);

    /// <summary>
    /// Sends <paramref name="damage"/> (scanout coordinates) of the scanout showing <paramref name="sourceRect"/>
    /// of <paramref name="image"/>. The caller holds a lease on the image. Returns 0 or -errno from the socket.
    /// </summary>
    public int Send(GpuSocketConnection connection, int scanoutId, HostImage image, PixelRect sourceRect, PixelRect damage)
    {
        var rect = Clip(image, sourceRect, damage);
        if (rect.IsEmpty)
        {
            return 0;
        }
        int bandWidth = Math.Min(rect.Width, MaxBandPixels);
        int bandRows = Math.Max(1, MaxBandPixels / bandWidth);
        for (int y = rect.Y; y < rect.Bottom; y += bandRows)
        {
            for (int x = rect.X; x < rect.Right; x += bandWidth)
            {
                var band = new PixelRect(x, y, Math.Min(bandWidth, rect.Right - x), Math.Min(bandRows, rect.Bottom - y));
                int rc = IsContiguousAsIs(image, sourceRect, band) && connection.PagePipe is { } pipe
                    ? SendInPlace(connection, pipe, scanoutId, image, sourceRect, band)
                    : connection.Send(_buffer.AsSpan(0, Encode(scanoutId, image, sourceRect, band)));
                if (rc < 0)
                {
                    return rc;
                }
            }
        }
        return 0;
    }

    /// <summary>
    /// Encodes <paramref name="damage"/> of at most <see cref="SmallUpdateBytes"/> pixel bytes as one
    /// UPDATE (empty when none of it is visible); valid until the next call. The caller holds a lease
    /// on the image.
    /// </summary>
    public ArraySegment<byte> EncodeSmall(int scanoutId, HostImage image, PixelRect sourceRect, PixelRect damage)
    {
        var rect = Clip(image, sourceRect, damage);
        if (rect.IsEmpty)
        {
            return ArraySegment<byte>.Empty;
        }
        if ((long)rect.Width * rect.Height * PixelLayout.BytesPerPixel > SmallUpdateBytes)
        {
            throw new ArgumentException($"{rect} is more than {SmallUpdateBytes} bytes", nameof(damage));
        }
        return new ArraySegment<byte>(_buffer, 0, Encode(scanoutId, image, sourceRect, rect));
    }

    // The device keeps both inside their containers; clipping again keeps a slip from reading past the image.
    private static PixelRect Clip(HostImage image, PixelRect sourceRect, PixelRect damage) =>
        damage.Intersect(new PixelRect(0, 0, Math.Min(sourceRect.Width, image.Width - sourceRect.X), Math.Min(sourceRect.Height, image.Height - sourceRect.Y)));

    // The band's pixels are one run of the image, and ToBgrx would copy them unchanged.
    private static bool IsContiguousAsIs(HostImage image, PixelRect sourceRect, PixelRect band) =>
        image.Format is PixelFormat.Bgrx or PixelFormat.Bgra && sourceRect.X + band.X == 0 && band.Width == image.Width;

    /// <summary>
    /// Sends a band straight from the image's pages (<see cref="PagePipe"/>): no pixel is copied on
    /// our side, and the image is only pinned, not locked, so a transfer into it never waits for
    /// us or for QEMU. QEMU may read a pixel that a later transfer has already replaced; that
    /// transfer's own update follows, so the screen still ends up exact.
    /// </summary>
    private int SendInPlace(GpuSocketConnection connection, PagePipe pipe, int scanoutId, HostImage image, PixelRect sourceRect, PixelRect band)
    {
        using var pinned = image.TryPinPixels();
        if (pinned is null)
        {
            return 0;
        }
        int total = WriteHeaders(scanoutId, band);
        var pixels = pinned.Pixels.Slice((sourceRect.Y + band.Y) * image.Stride, total - PixelsOffset);
        int rc = connection.Send(_buffer.AsSpan(0, PixelsOffset));
        while (rc == 0 && !pixels.IsEmpty)
        {
            // The pipe is empty here, so it takes at least a page; anything else breaks the stream.
            int loaded = pipe.Load(pixels);
            if (loaded <= 0)
            {
                return loaded < 0 ? loaded : -LibcConstants.EIO;
            }
            rc = connection.SendLoadedPages(loaded);
            pixels = pixels[loaded..];
        }
        return rc;
    }

    // Socket header and UPDATE header into the buffer's first PixelsOffset bytes; returns the whole message's length.
    private int WriteHeaders(int scanoutId, PixelRect band)
    {
        var update = new UpdateMessage((uint)scanoutId, (uint)band.X, (uint)band.Y, (uint)band.Width, (uint)band.Height);
        GpuSocketHeader.ForRequest(GpuSocketRequest.Update, update.PayloadSize).WriteTo(_buffer);
        update.WriteHeaderTo(_buffer.AsSpan(GpuSocketHeader.ByteSize));
        return GpuSocketHeader.ByteSize + update.PayloadSize;
    }

    private int Encode(int scanoutId, HostImage image, PixelRect sourceRect, PixelRect band)
    {
        int length = WriteHeaders(scanoutId, band);
        int rowBytes = band.Width * PixelLayout.BytesPerPixel;
        lock (image.SyncRoot)
        {
            for (int row = 0; row < band.Height; row++)
            {
                var source = image.Row(sourceRect.Y + band.Y + row, sourceRect.X + band.X, band.Width);
                PixelConverter.ToBgrx(source, _buffer.AsSpan(PixelsOffset + row * rowBytes, rowBytes), image.Format);
            }
        }
        return length;
    }
}
