using System.Buffers.Binary;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// CURSOR_POS / CURSOR_POS_HIDE payload, also the start of CURSOR_UPDATE.
/// <code>
///  0            4        8        12
///  +------------+--------+--------+
///  | scanout_id |   x    |   y    |
///  +------------+--------+--------+
/// </code>
/// </summary>
internal readonly record struct CursorPositionMessage(uint ScanoutId, uint X, uint Y)
{
    public const int ByteSize = 12;

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, ScanoutId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], X);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Y);
    }
}
