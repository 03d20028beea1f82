using System.Buffers.Binary;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// UPDATE payload: pixels for a rectangle of the scanout's surface, at scanout-relative (x, y).
/// <code>
///  0            4     8     12      16       20
///  +------------+-----+-----+-------+--------+-----------------------------------+
///  | scanout_id |  x  |  y  | width | height | width * height * 4 bytes B,G,R,X  |
///  +------------+-----+-----+-------+--------+-----------------------------------+
/// </code>
/// QEMU trusts width and height to size the pixel data, so the payload must be exactly
/// <see cref="PayloadSize"/> bytes.
/// </summary>
internal readonly record struct UpdateMessage(uint ScanoutId, uint X, uint Y, uint Width, uint Height)
{
    public const int HeaderSize = 20;

    public int PayloadSize => checked(HeaderSize + (int)(Width * Height * 4));

    /// <summary>Writes the 20 bytes in front of the pixels.</summary>
    public void WriteHeaderTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, ScanoutId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], X);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Y);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Width);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Height);
    }
}
