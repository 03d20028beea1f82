using VhostGpu.Memory;

namespace VhostGpu.Virtio;

/// <summary>
/// Follows one descriptor chain (reference 5.4) into a <see cref="DescriptorChain"/>, refusing
/// anything a well-behaved driver cannot produce. Every descriptor is copied out of guest memory
/// once before it is looked at, and an indirect table is copied whole, so a guest rewriting them
/// meanwhile cannot make two checks see different values.
/// </summary>
internal sealed class ChainWalker
{
    /// <summary>Largest indirect table accepted, in descriptors (a 256 KiB copy).</summary>
    public const int MaxIndirectDescriptors = 16 * 1024;

    /// <summary>A chain may address at most 4 GiB in total.</summary>
    public const ulong MaxChainBytes = 1UL << 32;

    private byte[] _indirectTable = [];

    /// <summary>Fills <paramref name="chain"/> from <paramref name="head"/>; null on success, else why the chain is malformed.</summary>
    public string? Walk(IGuestMemory memory, SplitQueueLayout layout, ushort head, DescriptorChain chain)
    {
        chain.Reset(head);
        Span<byte> raw = stackalloc byte[Descriptor.Size];
        ReadOnlySpan<byte> indirect = default;
        bool inIndirect = false;
        int limit = layout.Size;
        int seen = 0;
        int index = head;
        ulong total = 0;
        while (true)
        {
            if (++seen > limit)
            {
                return $"chain from head {head} has more than {limit} descriptors (loop?)";
            }
            Descriptor d;
            if (inIndirect)
            {
                d = Descriptor.Read(indirect.Slice(index * Descriptor.Size, Descriptor.Size));
            }
            else
            {
                if (!memory.TryRead(layout.DescriptorAddress((ushort)index), raw))
                {
                    return $"descriptor {index} is not in guest memory";
                }
                d = Descriptor.Read(raw);
            }

            if (d.IsIndirect)
            {
                string? error = inIndirect
                    ? $"nested indirect descriptor {index} in the indirect table of head {head}"
                    : CopyIndirectTable(memory, d, index, out indirect);
                if (error != null)
                {
                    return error;
                }
                inIndirect = true;
                limit = indirect.Length / Descriptor.Size;
                seen = 0;
                index = 0;
                continue;
            }

            if (d.Length != 0)
            {
                if (!d.IsWritable && chain.WritableList.Count != 0)
                {
                    return $"readable descriptor {index} after a writable one in chain {head}";
                }
                total += d.Length;
                if (total > MaxChainBytes)
                {
                    return $"chain {head} addresses more than {MaxChainBytes} bytes";
                }
                if (!memory.IsMapped(d.Address, d.Length))
                {
                    return $"descriptor {index} buffer 0x{d.Address:x}+0x{d.Length:x} is outside guest memory";
                }
                var segment = new BufferSegment(d.Address, d.Length);
                if (d.IsWritable)
                {
                    chain.WritableList.Add(segment);
                    chain.WritableLength += d.Length;
                }
                else
                {
                    chain.ReadableList.Add(segment);
                    chain.ReadableLength += d.Length;
                }
            }

            if (!d.HasNext)
            {
                return null;
            }
            if (d.Next >= limit)
            {
                return $"descriptor {index} links to {d.Next}, beyond the {limit}-entry table";
            }
            index = d.Next;
        }
    }

    private string? CopyIndirectTable(IGuestMemory memory, Descriptor d, int index, out ReadOnlySpan<byte> table)
    {
        table = default;
        if (d.HasNext)
        {
            return $"indirect descriptor {index} also has NEXT set";
        }
        if (d.Length == 0 || d.Length % Descriptor.Size != 0 || d.Length / Descriptor.Size > MaxIndirectDescriptors)
        {
            return $"indirect descriptor {index} has bad table length {d.Length}";
        }
        int length = (int)d.Length;
        if (_indirectTable.Length < length)
        {
            _indirectTable = new byte[Math.Max(length, Math.Min(_indirectTable.Length * 2, MaxIndirectDescriptors * Descriptor.Size))];
        }
        var copy = _indirectTable.AsSpan(0, length);
        if (!memory.TryRead(d.Address, copy))
        {
            return $"indirect table 0x{d.Address:x}+0x{d.Length:x} is outside guest memory";
        }
        table = copy;
        return null;
    }
}
