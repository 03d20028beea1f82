using VhostGpu.Bench.Guest;
using VhostGpu.TestSupport.Guest;

namespace VhostGpu.Bench.Session;

/// <summary>
/// A 2D resource's backing as a guest driver holds it: width x height 32-bit pixels, stride
/// width*4, stored in guest RAM as a scatter list of equal chunks placed in a shuffled order, so a
/// back-end must follow the entries instead of assuming one contiguous range (Linux backs
/// framebuffers with shmem pages).
/// </summary>
public sealed class GuestResource
{
    private readonly GuestRam _ram;
    private readonly ulong[] _chunkAddresses;

    public GuestResource(GuestRam ram, uint id, uint format, uint width, uint height, uint chunkBytes)
    {
        _ram = ram;
        Id = id;
        Format = format;
        Width = width;
        Height = height;
        ChunkBytes = chunkBytes;
        ulong total = (ulong)Stride * height;
        int chunks = (int)((total + chunkBytes - 1) / chunkBytes);
        ulong pool = ram.Allocate((ulong)chunks * chunkBytes, 4096);
        _chunkAddresses = new ulong[chunks];
        var placement = Enumerable.Range(0, chunks).ToArray();
        new Random((int)id).Shuffle(placement);
        Entries = new BackingEntry[chunks];
        for (int i = 0; i < chunks; i++)
        {
            _chunkAddresses[i] = pool + ((ulong)placement[i] * chunkBytes);
            uint length = (uint)Math.Min(chunkBytes, total - ((ulong)i * chunkBytes));
            Entries[i] = new BackingEntry(_chunkAddresses[i], length);
        }
    }

    public uint Id { get; }

    public uint Format { get; }

    public uint Width { get; }

    public uint Height { get; }

    public uint Stride => Width * 4;

    public uint ChunkBytes { get; }

    public BackingEntry[] Entries { get; }

    public Rect Bounds => new(0, 0, Width, Height);

    /// <summary>The backing offset of pixel (x, y), as TRANSFER_TO_HOST_2D's offset field counts it.</summary>
    public ulong OffsetOf(uint x, uint y) => ((ulong)y * Stride) + (x * 4UL);

    /// <summary>The guest's 4 bytes of pixel (x, y). Chunks are multiples of 4 bytes, so a pixel never straddles two.</summary>
    public Span<byte> Pixel(uint x, uint y)
    {
        ulong offset = OffsetOf(x, y);
        return _ram.Bytes(_chunkAddresses[offset / ChunkBytes] + (offset % ChunkBytes), 4);
    }
}
