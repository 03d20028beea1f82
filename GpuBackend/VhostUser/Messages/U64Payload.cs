using System.Buffers.Binary;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// A single u64: features, protocol features, status, queue count, ack values.
/// <code>
/// 0               8
/// +---------------+
/// |     value     |
/// +---------------+
/// </code>
/// </summary>
public readonly record struct U64Payload(ulong Value)
{
    public const int Size = 8;

    public static bool TryRead(ReadOnlySpan<byte> source, out U64Payload value)
    {
        value = source.Length == Size ? new U64Payload(BinaryPrimitives.ReadUInt64LittleEndian(source)) : default;
        return source.Length == Size;
    }

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64LittleEndian(destination, Value);
}
