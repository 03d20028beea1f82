namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// VhostUserShared: the UUID of a shared object (GET_SHARED_OBJECT, BACKEND_SHARED_OBJECT_ADD /
/// REMOVE / LOOKUP), in RFC 4122 byte order.
/// <code>
/// 0                               16
/// +-------------------------------+
/// |          u8 uuid[16]          |
/// +-------------------------------+
/// </code>
/// </summary>
public readonly record struct SharedObjectPayload(Guid Uuid)
{
    public const int Size = 16;

    public static bool TryRead(ReadOnlySpan<byte> source, out SharedObjectPayload value)
    {
        value = source.Length == Size ? new SharedObjectPayload(new Guid(source, bigEndian: true)) : default;
        return source.Length == Size;
    }

    public void Write(Span<byte> destination)
    {
        if (!Uuid.TryWriteBytes(destination[..Size], bigEndian: true, out _))
        {
            throw new ArgumentException($"a shared object payload is {Size} bytes", nameof(destination));
        }
    }
}
