using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// Turns damage of a scanout into UPDATE messages: the rectangle is cut into bands of at most
/// <see cref="MaxBandBytes"/> pixel bytes (full rows when a row fits), each converted to B,G,R,X
/// into one reused buffer under the image's lock and sent after the lock is released. Bands keep
/// QEMU's per-message allocation and our lock hold times short; each UPDATE stands alone.
/// Used by the writer thread only.
/// </summary>
internal sealed class UpdateWriter
{
    public const int MaxBandBytes = 1 << 20;

    private const int MaxBandPixels = MaxBandBytes / PixelLayout.BytesPerPixel;
    private const int PixelsOffset = GpuSocketHeader.ByteSize + UpdateMessage.HeaderSize;

    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(PixelsOffset + MaxBandBytes);

    /// <summary>
    /// Sends <paramref name="damage"/> (scanout coordinates) of the scanout showing <paramref name="sourceRect"/>
    /// of <paramref name="image"/>. The caller holds a lease on the image. Returns 0 or -errno from the socket.
    /// </summary>
    public int Send(GpuSocketConnection connection, int scanoutId, HostImage image, PixelRect sourceRect, PixelRect damage)
    {
        // The device keeps both inside their containers; clipping again keeps a slip from reading past the image.
        var visible = new PixelRect(0, 0, Math.Min(sourceRect.Width, image.Width - sourceRect.X), Math.Min(sourceRect.Height, image.Height - sourceRect.Y));
        var rect = damage.Intersect(visible);
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
                int length = Encode(scanoutId, image, sourceRect, band);
                int rc = connection.Send(_buffer.AsSpan(0, length));
                if (rc < 0)
                {
                    return rc;
                }
            }
        }
        return 0;
    }

    private int Encode(int scanoutId, HostImage image, PixelRect sourceRect, PixelRect band)
    {
        var update = new UpdateMessage((uint)scanoutId, (uint)band.X, (uint)band.Y, (uint)band.Width, (uint)band.Height);
        GpuSocketHeader.ForRequest(GpuSocketRequest.Update, update.PayloadSize).WriteTo(_buffer);
        update.WriteHeaderTo(_buffer.AsSpan(GpuSocketHeader.ByteSize));
        int rowBytes = band.Width * PixelLayout.BytesPerPixel;
        lock (image.SyncRoot)
        {
            for (int row = 0; row < band.Height; row++)
            {
                var source = image.Row(sourceRect.Y + band.Y + row, sourceRect.X + band.X, band.Width);
                PixelConverter.ToBgrx(source, _buffer.AsSpan(PixelsOffset + row * rowBytes, rowBytes), image.Format);
            }
        }
        return GpuSocketHeader.ByteSize + update.PayloadSize;
    }
}
