using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_resource_attach_backing (32 + 16 n bytes):
/// <code>
///  0  ctrl_hdr (24)
/// 24  u32 resource_id   28  u32 nr_entries
/// 32  mem_entry[nr_entries] (16 each)
/// </code>
/// Only the fixed part is checked here; <see cref="EntryBytes"/> holds whatever bytes followed it,
/// which the handler checks against nr_entries before reading any entry.
/// </summary>
public readonly ref struct AttachBackingRequest(uint resourceId, uint entryCount, ReadOnlySpan<byte> entryBytes)
{
    public const int Size = 32;

    /// <summary>QEMU's cap on nr_entries; a larger count is refused before anything is read or allocated.</summary>
    public const uint MaxEntries = 16384;

    public uint ResourceId { get; } = resourceId;

    public uint EntryCount { get; } = entryCount;

    public ReadOnlySpan<byte> EntryBytes { get; } = entryBytes;

    /// <summary>True when the count is within the cap and the request really carries that many entries.</summary>
    public bool HasAllEntries => EntryCount <= MaxEntries && (ulong)EntryBytes.Length >= (ulong)EntryCount * MemoryEntry.Size;

    public MemoryEntry Entry(int index) => MemoryEntry.Read(EntryBytes.Slice(index * MemoryEntry.Size, MemoryEntry.Size));

    public static bool TryRead(ReadOnlySpan<byte> request, out AttachBackingRequest value)
    {
        if (request.Length < Size)
        {
            value = default;
            return false;
        }
        value = new AttachBackingRequest(
            BinaryPrimitives.ReadUInt32LittleEndian(request[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[28..]),
            request[Size..]);
        return true;
    }
}
