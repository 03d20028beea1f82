using VhostGpu.Memory;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// ADD_MEM_REG / REM_MEM_REG (VhostUserMemRegMsg): eight bytes of padding, then one region.
/// <code>
/// 0               8                               40
/// +---------------+-------------------------------+
/// |    padding    |          MemoryRegion         |
/// +---------------+-------------------------------+
/// </code>
/// </summary>
public static class SingleMemoryRegion
{
    public const int Size = 8 + MemoryRegionPayload.Size;

    public static bool TryRead(ReadOnlySpan<byte> source, out MemoryRegionDescriptor region, out string? error)
    {
        region = default;
        if (source.Length != Size)
        {
            error = $"memory region message of {source.Length} bytes (expected {Size})";
            return false;
        }
        region = MemoryRegionPayload.Read(source[8..]);
        error = region.Validate();
        return error == null;
    }

    public static void Write(MemoryRegionDescriptor region, Span<byte> destination)
    {
        destination[..8].Clear();
        MemoryRegionPayload.Write(region, destination[8..]);
    }
}
