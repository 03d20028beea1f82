using System.Buffers.Binary;
using VhostGpu.Interop;

namespace VhostGpu.VhostUser;

/// <summary>One queue's part of the <see cref="InflightArea"/>; see there for the layout. Used by the queue's worker only.</summary>
public sealed class InflightQueueRegion
{
    public const ulong HeaderSize = 16;
    public const ulong DescriptorStateSize = 16;

    private const int VersionOffset = 8;
    private const int DescNumOffset = 10;
    private const int LastBatchHeadOffset = 12;
    private const int UsedIndexOffset = 14;
    private const int CounterOffset = 8;

    private readonly MemoryMapping _mapping;
    private readonly ulong _offset;
    private ulong _counter;

    internal InflightQueueRegion(MemoryMapping mapping, ulong offset, ushort descriptors)
    {
        _mapping = mapping;
        _offset = offset;
        Descriptors = descriptors;
        for (ushort head = 0; head < descriptors; head++)
        {
            _counter = Math.Max(_counter, BinaryPrimitives.ReadUInt64LittleEndian(State(head)[CounterOffset..]));
        }
    }

    public ushort Descriptors { get; }

    public ushort UsedIndex => BinaryPrimitives.ReadUInt16LittleEndian(Header[UsedIndexOffset..]);

    private Span<byte> Header => _mapping.GetSpan(_offset, (int)HeaderSize);

    /// <summary>Heads recorded as in flight, oldest first (the order the front-end should resubmit them).</summary>
    public IReadOnlyList<ushort> PendingHeads()
    {
        var pending = new List<(ulong Counter, ushort Head)>();
        for (ushort head = 0; head < Descriptors; head++)
        {
            var s = State(head);
            if (s[0] != 0)
            {
                pending.Add((BinaryPrimitives.ReadUInt64LittleEndian(s[CounterOffset..]), head));
            }
        }
        pending.Sort();
        return pending.ConvertAll(p => p.Head);
    }

    internal void Initialize()
    {
        BinaryPrimitives.WriteUInt16LittleEndian(Header[VersionOffset..], InflightArea.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(Header[DescNumOffset..], Descriptors);
    }

    /// <summary>
    /// Before a ring restarts: when the previous back-end published a used entry but died before
    /// recording it here, the used index in the ring is ahead of ours and the last head marked is
    /// in fact complete (vhost-user.rst "Inflight I/O tracking").
    /// </summary>
    public void Reconcile(ushort ringUsedIndex)
    {
        if (ringUsedIndex == UsedIndex)
        {
            return;
        }
        Clear(BinaryPrimitives.ReadUInt16LittleEndian(Header[LastBatchHeadOffset..]));
        BinaryPrimitives.WriteUInt16LittleEndian(Header[UsedIndexOffset..], ringUsedIndex);
    }

    /// <summary>The chain at <paramref name="head"/> was popped.</summary>
    public void MarkInflight(ushort head)
    {
        if (head < Descriptors)
        {
            var s = State(head);
            BinaryPrimitives.WriteUInt64LittleEndian(s[CounterOffset..], ++_counter);
            s[0] = 1;
        }
    }

    /// <summary>Before the used ring is written: remember which head the pending completion is for.</summary>
    public void BeginCompletion(ushort head) => BinaryPrimitives.WriteUInt16LittleEndian(Header[LastBatchHeadOffset..], head);

    /// <summary>After the used index was published: the head is no longer in flight.</summary>
    public void EndCompletion(ushort head)
    {
        Clear(head);
        BinaryPrimitives.WriteUInt16LittleEndian(Header[UsedIndexOffset..], (ushort)(UsedIndex + 1));
    }

    /// <summary>The chain was given back unprocessed (it will be popped again).</summary>
    public void Clear(ushort head)
    {
        if (head < Descriptors)
        {
            State(head)[0] = 0;
        }
    }

    private Span<byte> State(ushort head) =>
        _mapping.GetSpan(_offset + HeaderSize + ((ulong)head * DescriptorStateSize), (int)DescriptorStateSize);
}
