using System.Buffers.Binary;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// QEMU's reply to GET_PROTOCOL_FEATURES, and the payload of SET_PROTOCOL_FEATURES.
/// <code>
///  0                 8
///  +-----------------+
///  | u64 features    |
///  +-----------------+
/// </code>
/// </summary>
internal static class ProtocolFeaturesMessage
{
    public const int ByteSize = 8;

    public static bool TryRead(ReadOnlySpan<byte> payload, out GpuProtocolFeatures features)
    {
        features = GpuProtocolFeatures.None;
        if (payload.Length != ByteSize)
        {
            return false;
        }
        features = (GpuProtocolFeatures)BinaryPrimitives.ReadUInt64LittleEndian(payload);
        return true;
    }

    public static void WriteTo(Span<byte> destination, GpuProtocolFeatures features) =>
        BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)features);
}
