using VhostGpu.Memory;
using VhostGpu.TestSupport.Guest;

namespace VhostGpu.Tests.Gpu;

/// <summary>Guest RAM made of several memfd regions at chosen guest-physical addresses, mapped the way the back-end maps them.</summary>
internal sealed class MultiRegionGuest : IDisposable
{
    public MultiRegionGuest(params (ulong Gpa, ulong Size)[] regions)
    {
        Rams = [.. regions.Select((r, i) => new GuestRam(r.Size, r.Gpa, 0x7f00_0000_0000 + ((ulong)i << 32)))];
        Map = new GuestMemoryMap();
        foreach (var ram in Rams)
        {
            var region = MemoryRegion.TryMap(ram.Descriptor, ram.Fd, out string? error) ?? throw new InvalidOperationException(error);
            if (!Map.TryAdd(region, out error))
            {
                throw new InvalidOperationException(error);
            }
        }
    }

    public GuestRam[] Rams { get; }

    public GuestMemoryMap Map { get; }

    /// <summary>Guest bytes at <paramref name="gpa"/>, which must lie inside one region.</summary>
    public Span<byte> Bytes(ulong gpa, int length)
    {
        var ram = Rams.Single(r => gpa >= r.GuestPhysicalAddress && gpa + (ulong)length <= r.GuestPhysicalAddress + r.Size);
        return ram.Bytes(gpa, length);
    }

    public void Dispose()
    {
        Map.Dispose();
        foreach (var ram in Rams)
        {
            ram.Dispose();
        }
    }
}
