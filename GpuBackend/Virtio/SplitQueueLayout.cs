namespace VhostGpu.Virtio;

/// <summary>
/// Where a split ring's three parts live, as guest-physical addresses (reference 5.1):
/// <code>
/// descriptor table  align 16  16·N bytes   Descriptor[N]
/// available ring    align 2   6+2·N bytes  u16 flags | u16 idx | u16 ring[N] | u16 used_event
/// used ring         align 4   6+8·N bytes  u16 flags | u16 idx | {u32 id, u32 len}[N] | u16 avail_event
/// </code>
/// </summary>
public readonly record struct SplitQueueLayout(ushort Size, ulong DescriptorTable, ulong AvailRing, ulong UsedRing)
{
    public const int MaxSize = 32768;

    public ulong DescriptorTableLength => (ulong)Size * Descriptor.Size;

    public ulong AvailRingLength => 6 + (2 * (ulong)Size);

    public ulong UsedRingLength => 6 + (8 * (ulong)Size);

    public ulong AvailFlagsAddress => AvailRing;

    public ulong AvailIndexAddress => AvailRing + 2;

    public ulong AvailEntryAddress(ushort index) => AvailRing + 4 + (2 * (ulong)(index & (Size - 1)));

    public ulong UsedEventAddress => AvailRing + 4 + (2 * (ulong)Size);

    public ulong UsedFlagsAddress => UsedRing;

    public ulong UsedIndexAddress => UsedRing + 2;

    public ulong UsedEntryAddress(ushort index) => UsedRing + 4 + (8 * (ulong)(index & (Size - 1)));

    public ulong AvailEventAddress => UsedRing + 4 + (8 * (ulong)Size);

    public ulong DescriptorAddress(ushort index) => DescriptorTable + ((ulong)index * Descriptor.Size);

    /// <summary>Null when the size is a power of two in 1..32768 and every part is aligned; else the reason.</summary>
    public string? CheckShape()
    {
        if (Size == 0 || (Size & (Size - 1)) != 0)
        {
            return $"queue size {Size} is not a power of two in 1..{MaxSize}";
        }
        if ((DescriptorTable & 15) != 0 || (AvailRing & 1) != 0 || (UsedRing & 3) != 0)
        {
            return $"misaligned ring: desc 0x{DescriptorTable:x} (align 16), avail 0x{AvailRing:x} (align 2), used 0x{UsedRing:x} (align 4)";
        }
        return null;
    }

    public override string ToString() =>
        $"size {Size} desc 0x{DescriptorTable:x} avail 0x{AvailRing:x} used 0x{UsedRing:x}";
}
