using System.Buffers.Binary;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// SCANOUT payload: the scanout gets a new width x height surface; 0 x 0 blanks it.
/// <code>
///  0            4        8        12
///  +------------+--------+--------+
///  | scanout_id | width  | height |
///  +------------+--------+--------+
/// </code>
/// </summary>
internal readonly record struct ScanoutMessage(uint ScanoutId, uint Width, uint Height)
{
    public const int ByteSize = 12;

    /// <summary>The whole message, socket header included.</summary>
    public const int MessageSize = GpuSocketHeader.ByteSize + ByteSize;

    /// <summary>Writes the socket header and the payload (<see cref="MessageSize"/> bytes).</summary>
    public void WriteMessageTo(Span<byte> destination)
    {
        GpuSocketHeader.ForRequest(GpuSocketRequest.Scanout, ByteSize).WriteTo(destination);
        WriteTo(destination[GpuSocketHeader.ByteSize..]);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, ScanoutId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Width);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Height);
    }
}
