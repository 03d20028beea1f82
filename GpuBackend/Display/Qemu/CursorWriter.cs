namespace VhostGpu.Display.Qemu;

/// <summary>
/// Encodes what QEMU needs to show a cursor state into one reused buffer: CURSOR_POS or
/// CURSOR_POS_HIDE, or a CURSOR_UPDATE (16 KiB, which also shows the cursor) followed by a
/// CURSOR_POS_HIDE when the new image starts hidden. Used by whoever holds the sink's write side.
/// </summary>
internal sealed class CursorWriter
{
    private const int PositionSize = GpuSocketHeader.ByteSize + CursorPositionMessage.ByteSize;
    private const int UpdateSize = GpuSocketHeader.ByteSize + CursorUpdateMessage.ByteSize;

    private readonly byte[] _buffer = new byte[UpdateSize + PositionSize];

    /// <summary>The messages for <paramref name="state"/>, valid until the next call.</summary>
    public ArraySegment<byte> Encode(in CursorMessage state)
    {
        var position = new CursorPositionMessage((uint)state.ScanoutId, (uint)state.X, (uint)state.Y);
        int length = 0;
        if (state.Image is { } image)
        {
            GpuSocketHeader.ForRequest(GpuSocketRequest.CursorUpdate, CursorUpdateMessage.ByteSize).WriteTo(_buffer);
            new CursorUpdateMessage(position, (uint)image.HotX, (uint)image.HotY).WriteTo(_buffer.AsSpan(GpuSocketHeader.ByteSize), image.Bgra);
            length = UpdateSize;
            if (state.Visible)
            {
                return new ArraySegment<byte>(_buffer, 0, length);
            }
        }
        var request = state.Visible ? GpuSocketRequest.CursorPosition : GpuSocketRequest.CursorPositionHide;
        GpuSocketHeader.ForRequest(request, CursorPositionMessage.ByteSize).WriteTo(_buffer.AsSpan(length));
        position.WriteTo(_buffer.AsSpan(length + GpuSocketHeader.ByteSize));
        return new ArraySegment<byte>(_buffer, 0, length + PositionSize);
    }
}
