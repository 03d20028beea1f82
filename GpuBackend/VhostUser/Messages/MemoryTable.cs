using System.Buffers.Binary;
using VhostGpu.Memory;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// SET_MEM_TABLE: a region count followed by that many regions (one fd each, same order).
/// <code>
/// 0        4        8                   8+32n
/// +--------+--------+-------------------+
/// |nregions| padding| MemoryRegion[n]   |   n ≤ 8
/// +--------+--------+-------------------+
/// </code>
/// </summary>
public sealed class MemoryTable(MemoryRegionDescriptor[] regions)
{
    public const int MaxRegions = 8;
    public const int HeaderSize = 8;

    public IReadOnlyList<MemoryRegionDescriptor> Regions { get; } = regions;

    public static int SizeFor(int regions) => HeaderSize + regions * MemoryRegionPayload.Size;

    /// <summary>Decodes and checks the count and each region's own syntax. Trailing unused slots are tolerated.</summary>
    public static MemoryTable? TryRead(ReadOnlySpan<byte> source, out string? error)
    {
        if (source.Length < HeaderSize)
        {
            error = $"memory table of {source.Length} bytes";
            return null;
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (count > MaxRegions)
        {
            error = $"memory table with {count} regions (max {MaxRegions})";
            return null;
        }
        if (source.Length < SizeFor((int)count))
        {
            error = $"memory table announces {count} regions but carries {source.Length} bytes";
            return null;
        }
        var regions = new MemoryRegionDescriptor[count];
        for (int i = 0; i < regions.Length; i++)
        {
            regions[i] = MemoryRegionPayload.Read(source.Slice(HeaderSize + i * MemoryRegionPayload.Size));
            if (regions[i].Validate() is { } reason)
            {
                error = $"region {i}: {reason}";
                return null;
            }
        }
        error = null;
        return new MemoryTable(regions);
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)Regions.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], 0);
        for (int i = 0; i < Regions.Count; i++)
        {
            MemoryRegionPayload.Write(Regions[i], destination.Slice(HeaderSize + i * MemoryRegionPayload.Size));
        }
    }
}
