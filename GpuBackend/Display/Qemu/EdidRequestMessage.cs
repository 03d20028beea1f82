using System.Buffers.Binary;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// GET_EDID payload. QEMU never answers an id at or above its max_outputs.
/// <code>
///  0            4
///  +------------+
///  | scanout_id |
///  +------------+
/// </code>
/// </summary>
internal readonly record struct EdidRequestMessage(uint ScanoutId)
{
    public const int ByteSize = 4;

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt32LittleEndian(destination, ScanoutId);
}
