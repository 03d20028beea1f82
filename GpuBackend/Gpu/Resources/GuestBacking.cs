using VhostGpu.Gpu.Wire;
using VhostGpu.Interop;
using VhostGpu.Memory;

namespace VhostGpu.Gpu.Resources;

/// <summary>
/// A resource's backing store: the guest-physical scatter list from ATTACH_BACKING, seen as one
/// byte range (entries concatenated in order). Only addresses are kept; they are translated at
/// each use, because the memory table can be replaced while the resource lives.
/// </summary>
public sealed class GuestBacking
{
    private readonly MemoryEntry[] _entries;
    private readonly ulong[] _starts;

    private GuestBacking(MemoryEntry[] entries)
    {
        _entries = entries;
        _starts = new ulong[entries.Length];
        ulong offset = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            _starts[i] = offset;
            offset += entries[i].Length;
        }
        Length = offset;
    }

    /// <summary>Total bytes of all entries.</summary>
    public ulong Length { get; }

    public IReadOnlyList<MemoryEntry> Entries => _entries;

    /// <summary>
    /// Builds the backing from a request whose entry count has been checked against its bytes.
    /// Null when the list is empty or an entry is empty, wraps 2^64 or touches unmapped memory
    /// (an entry may straddle regions that are adjacent in guest-physical space).
    /// </summary>
    public static GuestBacking? TryCreate(in AttachBackingRequest request, IGuestMemory memory, out string? error)
    {
        if (request.EntryCount == 0)
        {
            error = "no entries";
            return null;
        }
        var entries = new MemoryEntry[request.EntryCount];
        for (int i = 0; i < entries.Length; i++)
        {
            var e = request.Entry(i);
            if (e.Length == 0 || !memory.IsMapped(e.Address, e.Length))
            {
                error = $"entry {i} ({e}) is empty or not in guest memory";
                return null;
            }
            entries[i] = e;
        }
        error = null;
        return new GuestBacking(entries);
    }

    /// <summary>
    /// Copies backing bytes from <paramref name="offset"/> into <paramref name="destination"/>,
    /// straight from the mapped guest pages. <paramref name="copied"/> falls short when the backing
    /// ends first (the rest of the destination is left as it was, as QEMU does). False when an
    /// entry is no longer mapped (the memory table shrank under it).
    /// </summary>
    public bool TryCopyTo(IGuestMemory memory, ulong offset, Span<byte> destination, out int copied)
    {
        copied = 0;
        if (offset >= Length)
        {
            return true;
        }
        int index = EntryAt(offset);
        ulong inEntry = offset - _starts[index];
        while (!destination.IsEmpty && index < _entries.Length)
        {
            var e = _entries[index];
            ulong left = e.Length - inEntry;
            int want = (int)Math.Min(left, (ulong)destination.Length);
            var source = memory.GetReadableSpan(e.Address + inEntry, want);
            if (source.IsEmpty)
            {
                return false;
            }
            // A span ends at its region's end; the next pass continues in the adjacent region.
            source.CopyTo(destination);
            destination = destination[source.Length..];
            copied += source.Length;
            inEntry += (ulong)source.Length;
            if (inEntry == e.Length)
            {
                index++;
                inEntry = 0;
            }
        }
        return true;
    }

    /// <summary>
    /// Starts loading the backing bytes from <paramref name="offset"/> (up to <paramref name="length"/>,
    /// within one entry) into the cache ahead of a copy. Does nothing past the end or where unmapped.
    /// </summary>
    public void Prefetch(IGuestMemory memory, ulong offset, int length)
    {
        if (offset >= Length)
        {
            return;
        }
        int index = EntryAt(offset);
        ulong inEntry = offset - _starts[index];
        var e = _entries[index];
        CachePrefetch.Lines(memory.GetReadableSpan(e.Address + inEntry, (int)Math.Min(e.Length - inEntry, (ulong)length)));
    }

    private int EntryAt(ulong offset)
    {
        int i = Array.BinarySearch(_starts, offset);
        return i >= 0 ? i : ~i - 1;
    }
}
