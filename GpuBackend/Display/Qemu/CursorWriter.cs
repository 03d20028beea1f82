namespace VhostGpu.Display.Qemu;

/// <summary>
/// Encodes the cursor messages into one reused buffer (a CURSOR_UPDATE is 16 KiB; partial writes
/// are completed by the connection). Used by the writer thread only.
/// </summary>
internal sealed class CursorWriter
{
    private readonly byte[] _buffer = new byte[GpuSocketHeader.ByteSize + CursorUpdateMessage.ByteSize];

    /// <summary>CURSOR_UPDATE: defines the image and hot spot, moves the cursor and shows it.</summary>
    public int SendImage(GpuSocketConnection connection, int scanoutId, CursorImage image, int x, int y)
    {
        var message = new CursorUpdateMessage(Position(scanoutId, x, y), (uint)image.HotX, (uint)image.HotY);
        GpuSocketHeader.ForRequest(GpuSocketRequest.CursorUpdate, CursorUpdateMessage.ByteSize).WriteTo(_buffer);
        message.WriteTo(_buffer.AsSpan(GpuSocketHeader.ByteSize), image.Bgra);
        return connection.Send(_buffer);
    }

    /// <summary>CURSOR_POS (moves and shows) or CURSOR_POS_HIDE (moves and hides).</summary>
    public int SendPosition(GpuSocketConnection connection, int scanoutId, int x, int y, bool visible)
    {
        Span<byte> message = stackalloc byte[GpuSocketHeader.ByteSize + CursorPositionMessage.ByteSize];
        var request = visible ? GpuSocketRequest.CursorPosition : GpuSocketRequest.CursorPositionHide;
        GpuSocketHeader.ForRequest(request, CursorPositionMessage.ByteSize).WriteTo(message);
        Position(scanoutId, x, y).WriteTo(message[GpuSocketHeader.ByteSize..]);
        return connection.Send(message);
    }

    private static CursorPositionMessage Position(int scanoutId, int x, int y) => new((uint)scanoutId, (uint)x, (uint)y);
}
