using System.Buffers.Binary;

namespace VhostGpu.Memory;

/// <summary>
/// The set of mapped guest memory regions (vhost-user memory table) and every address
/// translation over it: guest-physical for buffers, front-end virtual for ring addresses.
/// Mutated only by the session while no queue is being processed; readers never cache spans.
/// </summary>
public sealed class GuestMemoryMap : IGuestMemory, IDisposable
{
    private MemoryRegion[] _regions = [];

    public IReadOnlyList<MemoryRegion> Regions => _regions;

    /// <summary>Set while the front-end has dirty-page logging on: every write is recorded in it.</summary>
    public DirtyLog? DirtyLog { get; set; }

    public bool IsEmpty => _regions.Length == 0;

    /// <summary>Adds a region; refuses one that overlaps an existing region in guest-physical space.</summary>
    public bool TryAdd(MemoryRegion region, out string? error)
    {
        foreach (var r in _regions)
        {
            if (r.GuestPhysicalAddress < region.GuestPhysicalEnd && region.GuestPhysicalAddress < r.GuestPhysicalEnd)
            {
                error = $"region {region} overlaps {r}";
                return false;
            }
        }
        var list = new List<MemoryRegion>(_regions) { region };
        list.Sort((a, b) => a.GuestPhysicalAddress.CompareTo(b.GuestPhysicalAddress));
        _regions = [.. list];
        error = null;
        return true;
    }

    /// <summary>Unmaps and forgets the region matching the description; false when none matches.</summary>
    public bool TryRemove(MemoryRegionDescriptor d)
    {
        var match = Array.Find(_regions, r => r.Matches(d));
        if (match == null)
        {
            return false;
        }
        _regions = Array.FindAll(_regions, r => r != match);
        match.Dispose();
        return true;
    }

    /// <summary>Unmaps every region.</summary>
    public void Clear()
    {
        var old = _regions;
        _regions = [];
        foreach (var r in old)
        {
            r.Dispose();
        }
    }

    /// <summary>
    /// Translates a front-end virtual range (ring addresses) to guest-physical. The whole range must
    /// lie in one region, because the front-end's mapping of two regions need not be contiguous.
    /// </summary>
    public bool TryTranslateUserAddress(ulong va, ulong length, out ulong gpa)
    {
        foreach (var r in _regions)
        {
            if (r.ContainsUser(va) && length <= r.Size - (va - r.UserAddress))
            {
                gpa = r.GuestPhysicalAddress + (va - r.UserAddress);
                return true;
            }
        }
        gpa = 0;
        return false;
    }

    public bool IsMapped(ulong gpa, ulong length)
    {
        // An empty range touches no byte; a range that wraps 2^64 is never mapped.
        if (length == 0)
        {
            return true;
        }
        if (gpa + length < gpa)
        {
            return false;
        }
        ulong end = gpa + length;
        while (gpa < end)
        {
            var r = FindRegion(gpa);
            if (r == null)
            {
                return false;
            }
            gpa = Math.Min(end, r.GuestPhysicalEnd);
        }
        return true;
    }

    public bool TryRead(ulong gpa, Span<byte> destination)
    {
        if (!IsMapped(gpa, (ulong)destination.Length))
        {
            return false;
        }
        while (!destination.IsEmpty)
        {
            var r = FindRegion(gpa)!;
            int n = (int)Math.Min((ulong)destination.Length, r.GuestPhysicalEnd - gpa);
            r.Slice(gpa, n).CopyTo(destination);
            destination = destination[n..];
            gpa += (ulong)n;
        }
        return true;
    }

    public bool TryWrite(ulong gpa, ReadOnlySpan<byte> source)
    {
        if (!IsMapped(gpa, (ulong)source.Length))
        {
            return false;
        }
        DirtyLog?.MarkDirty(gpa, (ulong)source.Length);
        while (!source.IsEmpty)
        {
            var r = FindRegion(gpa)!;
            int n = (int)Math.Min((ulong)source.Length, r.GuestPhysicalEnd - gpa);
            source[..n].CopyTo(r.Slice(gpa, n));
            source = source[n..];
            gpa += (ulong)n;
        }
        return true;
    }

    public ReadOnlySpan<byte> GetReadableSpan(ulong gpa, int maxLength)
    {
        var r = FindRegion(gpa);
        if (r == null || maxLength <= 0)
        {
            return default;
        }
        int n = (int)Math.Min((ulong)maxLength, r.GuestPhysicalEnd - gpa);
        return r.Slice(gpa, n);
    }

    /// <summary>Atomic 16-bit load with acquire ordering (ring indices); <paramref name="gpa"/> must be 2-byte aligned.</summary>
    public unsafe bool TryReadUInt16Acquire(ulong gpa, out ushort value)
    {
        var r = FindRegion(gpa);
        if (r == null || (gpa & 1) != 0 || r.GuestPhysicalEnd - gpa < 2)
        {
            value = 0;
            return false;
        }
        // SAFETY: the region contains [gpa, gpa+2) and the address is aligned, so the load is in
        // bounds and atomic; Volatile.Read gives acquire semantics.
        ushort raw = Volatile.Read(ref *(ushort*)r.Pointer(gpa, 2));
        value = BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
        return true;
    }

    /// <summary>Atomic 16-bit store with release ordering (used index publication), dirty-logged.</summary>
    public unsafe bool TryWriteUInt16Release(ulong gpa, ushort value)
    {
        var r = FindRegion(gpa);
        if (r == null || (gpa & 1) != 0 || r.GuestPhysicalEnd - gpa < 2)
        {
            return false;
        }
        DirtyLog?.MarkDirty(gpa, 2);
        ushort raw = BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
        // SAFETY: as in TryReadUInt16Acquire; Volatile.Write gives release semantics.
        Volatile.Write(ref *(ushort*)r.Pointer(gpa, 2), raw);
        return true;
    }

    public void Dispose() => Clear();

    private MemoryRegion? FindRegion(ulong gpa)
    {
        var regions = _regions;
        int lo = 0, hi = regions.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var r = regions[mid];
            if (gpa < r.GuestPhysicalAddress)
            {
                hi = mid - 1;
            }
            else if (gpa - r.GuestPhysicalAddress >= r.Size)
            {
                lo = mid + 1;
            }
            else
            {
                return r;
            }
        }
        return null;
    }
}
