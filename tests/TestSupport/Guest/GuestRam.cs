using VhostGpu.Interop;
using VhostGpu.Memory;

namespace VhostGpu.TestSupport.Guest;

/// <summary>
/// Guest RAM as a test front-end owns it: a memfd, our own mapping of it, the guest-physical and
/// "front-end virtual" addresses we announce for it, and a bump allocator for rings and buffers.
/// </summary>
public sealed class GuestRam : IDisposable
{
    private readonly MemoryMapping _mapping;
    private ulong _next;

    public GuestRam(ulong size, ulong guestPhysicalAddress = 0x1_0000_0000, ulong userAddress = 0x7f00_0000_0000)
    {
        Size = size;
        GuestPhysicalAddress = guestPhysicalAddress;
        UserAddress = userAddress;
        Fd = FileDescriptor.CreateMemory("guest-ram", (long)size);
        _mapping = MemoryMapping.TryMap(Fd, size, out int errno) ?? throw new NativeException("mmap", errno);
    }

    public FileDescriptor Fd { get; }

    public ulong Size { get; }

    public ulong GuestPhysicalAddress { get; }

    public ulong UserAddress { get; }

    public MemoryRegionDescriptor Descriptor => new(GuestPhysicalAddress, Size, UserAddress, 0);

    /// <summary>Reserves <paramref name="length"/> bytes aligned to <paramref name="alignment"/>; returns their guest-physical address.</summary>
    public ulong Allocate(ulong length, ulong alignment = 16)
    {
        ulong offset = (_next + alignment - 1) & ~(alignment - 1);
        if (offset + length > Size)
        {
            throw new InvalidOperationException($"guest RAM of {Size} bytes exhausted");
        }
        _next = offset + length;
        return GuestPhysicalAddress + offset;
    }

    /// <summary>Our own view of guest bytes (as the guest would see them).</summary>
    public Span<byte> Bytes(ulong gpa, int length) => _mapping.GetSpan(gpa - GuestPhysicalAddress, length);

    /// <summary>The front-end virtual address of a guest-physical address (what SET_VRING_ADDR carries).</summary>
    public ulong ToUserAddress(ulong gpa) => gpa - GuestPhysicalAddress + UserAddress;

    /// <summary>A back-end-style map of this RAM for in-process unit tests.</summary>
    public GuestMemoryMap CreateMap()
    {
        var map = new GuestMemoryMap();
        var region = MemoryRegion.TryMap(Descriptor, Fd, out string? error) ?? throw new InvalidOperationException(error);
        if (!map.TryAdd(region, out error))
        {
            throw new InvalidOperationException(error);
        }
        return map;
    }

    public void Dispose()
    {
        _mapping.Dispose();
        Fd.Dispose();
    }
}
