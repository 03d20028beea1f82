using VhostGpu.Interop;

namespace VhostGpu.Memory;

/// <summary>
/// One region of the front-end's memory table: guest-physical range, the front-end's virtual
/// address for the same bytes, and our mapping of the fd (mapped from file offset 0, region data at
/// <see cref="MappingOffset"/>).
/// </summary>
public sealed class MemoryRegion : IDisposable
{
    private readonly MemoryMapping _mapping;

    private MemoryRegion(ulong guestPhysicalAddress, ulong size, ulong userAddress, ulong mappingOffset, MemoryMapping mapping)
    {
        GuestPhysicalAddress = guestPhysicalAddress;
        Size = size;
        UserAddress = userAddress;
        MappingOffset = mappingOffset;
        _mapping = mapping;
    }

    public ulong GuestPhysicalAddress { get; }

    public ulong Size { get; }

    public ulong UserAddress { get; }

    public ulong MappingOffset { get; }

    public ulong GuestPhysicalEnd => GuestPhysicalAddress + Size;

    /// <summary>
    /// Validates a region description against its fd and maps it. Returns null with a reason for
    /// anything the front-end got wrong (size 0, ranges that wrap, an offset beyond the file).
    /// </summary>
    public static MemoryRegion? TryMap(MemoryRegionDescriptor d, FileDescriptor fd, out string? error)
    {
        error = d.Validate();
        if (error != null)
        {
            return null;
        }
        long fileSize = fd.GetFileSize();
        ulong mapLength = d.MmapOffset + d.Size;
        // Regular files and memfds must cover the region; other fd kinds (hugetlbfs, devices) report
        // a size we cannot judge, so the kernel's mmap check is the authority there.
        if (fileSize > 0 && (ulong)fileSize < mapLength)
        {
            error = $"region needs {mapLength} bytes of its fd but the file has {fileSize}";
            return null;
        }
        var mapping = MemoryMapping.TryMap(fd, mapLength, out int errno);
        if (mapping == null)
        {
            error = $"mmap of {mapLength} bytes failed: {Errno.Describe(errno)}";
            return null;
        }
        return new MemoryRegion(d.GuestPhysicalAddress, d.Size, d.UserAddress, d.MmapOffset, mapping);
    }

    public bool ContainsGuestPhysical(ulong gpa) => gpa >= GuestPhysicalAddress && gpa - GuestPhysicalAddress < Size;

    public bool ContainsUser(ulong va) => va >= UserAddress && va - UserAddress < Size;

    public bool OverlapsGuestPhysical(MemoryRegionDescriptor d) =>
        d.GuestPhysicalAddress < GuestPhysicalEnd && GuestPhysicalAddress < d.GuestPhysicalAddress + d.Size;

    public bool Matches(MemoryRegionDescriptor d) =>
        d.GuestPhysicalAddress == GuestPhysicalAddress && d.Size == Size && d.UserAddress == UserAddress;

    /// <summary>Host bytes for [gpa, gpa+length) which the caller has checked lie in this region.</summary>
    internal Span<byte> Slice(ulong gpa, int length) =>
        _mapping.GetSpan(MappingOffset + (gpa - GuestPhysicalAddress), length);

    internal unsafe byte* Pointer(ulong gpa, ulong length) =>
        _mapping.GetPointer(MappingOffset + (gpa - GuestPhysicalAddress), length);

    public void Dispose() => _mapping.Dispose();

    public override string ToString() =>
        $"gpa 0x{GuestPhysicalAddress:x}+0x{Size:x} uaddr 0x{UserAddress:x} offset 0x{MappingOffset:x}";
}
