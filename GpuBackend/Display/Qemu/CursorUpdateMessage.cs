using System.Buffers.Binary;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// CURSOR_UPDATE payload: defines the cursor image and hot spot, then moves and shows it.
/// <code>
///  0                 12      16      20                         16404
///  +-----------------+-------+-------+--------------------------+
///  | CursorPosition  | hot_x | hot_y | 64 x 64 u32 ARGB (B,G,R,A bytes) |
///  +-----------------+-------+-------+--------------------------+
/// </code>
/// </summary>
internal readonly record struct CursorUpdateMessage(CursorPositionMessage Position, uint HotX, uint HotY)
{
    public const int PixelsOffset = CursorPositionMessage.ByteSize + 8;
    public const int ByteSize = PixelsOffset + CursorImage.ByteLength;

    /// <summary>Writes the whole payload; <paramref name="bgra"/> is the 64x64 image in B,G,R,A order.</summary>
    public void WriteTo(Span<byte> destination, ReadOnlySpan<byte> bgra)
    {
        if (bgra.Length != CursorImage.ByteLength)
        {
            throw new ArgumentException($"a cursor image has {CursorImage.ByteLength} bytes", nameof(bgra));
        }
        Position.WriteTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], HotX);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], HotY);
        bgra.CopyTo(destination[PixelsOffset..]);
    }
}
