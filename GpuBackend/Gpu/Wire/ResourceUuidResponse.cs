namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_resp_resource_uuid (40 bytes), the answer to RESOURCE_ASSIGN_UUID:
/// <code>
///  0  ctrl_hdr (24)
/// 24  u8 uuid[16]   RFC 4122 byte order (time_low first, most significant byte first)
/// </code>
/// </summary>
public static class ResourceUuidResponse
{
    public const int Size = 40;
    public const int UuidOffset = 24;

    /// <summary>Writes the UUID after the header; the caller writes the header.</summary>
    public static void WriteUuid(Span<byte> response, Guid uuid)
    {
        if (!uuid.TryWriteBytes(response.Slice(UuidOffset, 16), bigEndian: true, out _))
        {
            throw new ArgumentException($"a resource UUID response is {Size} bytes", nameof(response));
        }
    }

    /// <summary>The UUID of a response (what a driver reads).</summary>
    public static Guid ReadUuid(ReadOnlySpan<byte> response) => new(response.Slice(UuidOffset, 16), bigEndian: true);
}
