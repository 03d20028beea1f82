namespace VhostGpu.Memory;

/// <summary>A region as the front-end describes it (VhostUserMemoryRegion), before it is mapped.</summary>
public readonly record struct MemoryRegionDescriptor(ulong GuestPhysicalAddress, ulong Size, ulong UserAddress, ulong MmapOffset)
{
    /// <summary>Syntax checks that need no fd: null when fine, else the reason.</summary>
    public string? Validate()
    {
        if (Size == 0)
        {
            return "region of size 0";
        }
        if (GuestPhysicalAddress + Size < GuestPhysicalAddress || UserAddress + Size < UserAddress || MmapOffset + Size < MmapOffset)
        {
            return "region wraps the 64-bit address space";
        }
        if (MmapOffset + Size > long.MaxValue)
        {
            return "region offset and size exceed the largest mappable file";
        }
        return null;
    }

    public override string ToString() =>
        $"gpa 0x{GuestPhysicalAddress:x}+0x{Size:x} uaddr 0x{UserAddress:x} offset 0x{MmapOffset:x}";
}
