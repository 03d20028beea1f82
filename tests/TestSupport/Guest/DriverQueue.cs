using System.Buffers.Binary;
using System.Runtime.InteropServices;
using VhostGpu.Virtio;

namespace VhostGpu.TestSupport.Guest;

/// <summary>
/// The driver's half of a split virtqueue, written into real guest RAM the way a guest kernel
/// does it: descriptor free list, avail ring publication with release ordering, used ring
/// consumption, interrupt suppression (NO_INTERRUPT, used_event) and the kick decision. Also
/// builds every malformed ring a hostile driver could produce.
/// </summary>
public sealed class DriverQueue
{
    /// <summary>Indirect tables of up to this many entries reuse a per-head slot instead of fresh RAM.</summary>
    private const int IndirectSlotEntries = 16;

    private readonly GuestRam _ram;
    private readonly Stack<ushort> _free = new();
    private readonly List<ushort>?[] _chainDescriptors;
    private readonly ulong _indirectSlots;
    private readonly ulong _scratch;
    private ushort _lastUsedSeen;

    /// <param name="startIndex">Initial avail and used index, e.g. just below 2^16 to exercise wrap-around.</param>
    public DriverQueue(GuestRam ram, ushort size, ushort startIndex = 0)
    {
        _ram = ram;
        Layout = new SplitQueueLayout(
            size,
            ram.Allocate((ulong)size * Descriptor.Size, 16),
            ram.Allocate(6 + (2 * (ulong)size), 2),
            ram.Allocate(6 + (8 * (ulong)size), 4));
        _chainDescriptors = new List<ushort>?[size];
        for (int i = size - 1; i >= 0; i--)
        {
            _free.Push((ushort)i);
        }
        _indirectSlots = ram.Allocate((ulong)size * IndirectSlotEntries * Descriptor.Size, 16);
        _scratch = ram.Allocate(4096, 4096);
        AvailIndex = startIndex;
        _lastUsedSeen = startIndex;
        _ram.Bytes(Layout.DescriptorTable, (int)Layout.DescriptorTableLength).Clear();
        _ram.Bytes(Layout.AvailRing, (int)Layout.AvailRingLength).Clear();
        _ram.Bytes(Layout.UsedRing, (int)Layout.UsedRingLength).Clear();
        WriteUInt16(Layout.AvailIndexAddress, startIndex);
        WriteUInt16(Layout.UsedIndexAddress, startIndex);
    }

    public SplitQueueLayout Layout { get; }

    public ushort Size => Layout.Size;

    /// <summary>The driver's avail index: chains made available so far (free-running).</summary>
    public ushort AvailIndex { get; private set; }

    /// <summary>VIRTIO_RING_F_EVENT_IDX as the driver negotiated it: decides how <see cref="MakeAvailable"/> judges kicks.</summary>
    public bool EventIdx { get; set; }

    public int FreeDescriptors => _free.Count;

    /// <summary>The used index the device has published.</summary>
    public ushort UsedIndex => ReadUInt16Acquire(Layout.UsedIndexAddress);

    /// <summary>The avail_event the device last wrote (EVENT_IDX).</summary>
    public ushort AvailEvent => BinaryPrimitives.ReadUInt16LittleEndian(_ram.Bytes(Layout.AvailEventAddress, 2));

    /// <summary>used_event: interrupt me when the used index passes this (EVENT_IDX).</summary>
    public ushort UsedEvent
    {
        get => BinaryPrimitives.ReadUInt16LittleEndian(_ram.Bytes(Layout.UsedEventAddress, 2));
        set => BinaryPrimitives.WriteUInt16LittleEndian(_ram.Bytes(Layout.UsedEventAddress, 2), value);
    }

    /// <summary>avail.flags NO_INTERRUPT (without EVENT_IDX).</summary>
    public bool NoInterrupt
    {
        get => (ReadUInt16Acquire(Layout.AvailFlagsAddress) & RingFlags.NoInterrupt) != 0;
        set => WriteUInt16(Layout.AvailFlagsAddress, value ? RingFlags.NoInterrupt : (ushort)0);
    }

    /// <summary>Reserves guest RAM for a buffer, optionally filled with <paramref name="contents"/>.</summary>
    public ulong AllocateBuffer(int length, ReadOnlySpan<byte> contents = default)
    {
        ulong gpa = _ram.Allocate((ulong)Math.Max(length, 1), 16);
        contents.CopyTo(_ram.Bytes(gpa, length));
        return gpa;
    }

    /// <summary>Writes a chain of direct descriptors; returns its head. Not yet available to the device.</summary>
    public ushort AddDirect(params GuestBuffer[] buffers) => AddMixed(buffers, []);

    /// <summary>Writes an indirect table holding <paramref name="buffers"/> and one descriptor pointing at it.</summary>
    public ushort AddIndirect(params GuestBuffer[] buffers) => AddMixed([], buffers);

    /// <summary>
    /// Direct descriptors followed by one indirect descriptor (when <paramref name="indirect"/> is
    /// not empty), the form the virtio spec allows besides a lone indirect head.
    /// </summary>
    public ushort AddMixed(GuestBuffer[] direct, GuestBuffer[] indirect)
    {
        int count = direct.Length + (indirect.Length > 0 ? 1 : 0);
        if (count == 0 || count > _free.Count)
        {
            throw new InvalidOperationException($"chain of {count} descriptors with {_free.Count} free");
        }
        var indices = new List<ushort>(count);
        for (int i = 0; i < count; i++)
        {
            indices.Add(_free.Pop());
        }
        for (int i = 0; i < direct.Length; i++)
        {
            bool last = i == count - 1;
            WriteDescriptor(indices[i], ToDescriptor(direct[i], last ? (ushort)0 : indices[i + 1], !last));
        }
        if (indirect.Length > 0)
        {
            ulong table = indirect.Length <= IndirectSlotEntries
                ? _indirectSlots + ((ulong)indices[0] * IndirectSlotEntries * Descriptor.Size)
                : _ram.Allocate((ulong)indirect.Length * Descriptor.Size, 16);
            for (int i = 0; i < indirect.Length; i++)
            {
                bool last = i == indirect.Length - 1;
                ToDescriptor(indirect[i], last ? (ushort)0 : (ushort)(i + 1), !last)
                    .Write(_ram.Bytes(table + ((ulong)i * Descriptor.Size), Descriptor.Size));
            }
            WriteDescriptor(indices[^1], new Descriptor(table, (uint)(indirect.Length * Descriptor.Size), DescriptorFlags.Indirect, 0));
        }
        _chainDescriptors[indices[0]] = indices;
        return indices[0];
    }

    /// <summary>
    /// Puts <paramref name="head"/> in the avail ring and publishes the new avail index (release).
    /// Returns whether the driver must kick the device now (used.flags NO_NOTIFY or avail_event).
    /// </summary>
    public bool MakeAvailable(ushort head)
    {
        WriteUInt16(Layout.AvailEntryAddress(AvailIndex), head);
        ushort old = AvailIndex;
        AvailIndex++;
        WriteUInt16Release(Layout.AvailIndexAddress, AvailIndex);
        Interlocked.MemoryBarrier();
        return EventIdx
            ? EventIndex.NeedEvent(AvailEvent, AvailIndex, old)
            : (ReadUInt16Acquire(Layout.UsedFlagsAddress) & RingFlags.NoNotify) == 0;
    }

    /// <summary>Writes a direct chain and makes it available; returns its head.</summary>
    public ushort Submit(params GuestBuffer[] buffers)
    {
        ushort head = AddDirect(buffers);
        MakeAvailable(head);
        return head;
    }

    /// <summary>Takes the next used entry, if the device published one, and frees that chain's descriptors.</summary>
    public bool TryTakeUsed(out UsedElement element)
    {
        if (UsedIndex == _lastUsedSeen)
        {
            element = default;
            return false;
        }
        var raw = _ram.Bytes(Layout.UsedEntryAddress(_lastUsedSeen), 8);
        element = new UsedElement(BinaryPrimitives.ReadUInt32LittleEndian(raw), BinaryPrimitives.ReadUInt32LittleEndian(raw[4..]));
        _lastUsedSeen++;
        if (element.Id < Size && _chainDescriptors[element.Id] is { } indices)
        {
            _chainDescriptors[element.Id] = null;
            foreach (ushort i in indices)
            {
                _free.Push(i);
            }
        }
        return true;
    }

    /// <summary>
    /// Asks for an interrupt at the next used entry (used_event = what we have seen) and returns
    /// whether entries arrived meanwhile, in which case no interrupt may come for them: take them
    /// before waiting (Linux virtqueue_enable_cb).
    /// </summary>
    public bool EnableInterrupt()
    {
        UsedEvent = _lastUsedSeen;
        Interlocked.MemoryBarrier();
        return UsedIndex != _lastUsedSeen;
    }

    /// <summary>Raw descriptor write, for chains the helpers above would refuse to build.</summary>
    public void WriteDescriptor(ushort index, Descriptor descriptor) =>
        descriptor.Write(_ram.Bytes(Layout.DescriptorAddress(index), Descriptor.Size));

    /// <summary>Raw avail index write (release), e.g. to jump it further than the ring allows.</summary>
    public void SetAvailIndex(ushort index)
    {
        AvailIndex = index;
        WriteUInt16Release(Layout.AvailIndexAddress, index);
    }

    /// <summary>Builds one malformed ring state and makes it visible to the device.</summary>
    public void AddMalformed(MalformedChain kind)
    {
        ulong page = _scratch;
        ulong ramEnd = _ram.GuestPhysicalAddress + _ram.Size;
        var readable = new Descriptor(page, 64, DescriptorFlags.None, 0);
        var writable = new Descriptor(page + 64, 64, DescriptorFlags.Write, 0);
        switch (kind)
        {
            case MalformedChain.Loop:
            {
                var (a, b) = (_free.Pop(), _free.Pop());
                WriteDescriptor(a, readable with { Flags = DescriptorFlags.Next, Next = b });
                WriteDescriptor(b, readable with { Flags = DescriptorFlags.Next, Next = a });
                MakeAvailable(a);
                break;
            }
            case MalformedChain.LongerThanQueue:
            {
                var all = new List<ushort>();
                while (_free.Count > 0)
                {
                    all.Add(_free.Pop());
                }
                for (int i = 0; i < all.Count; i++)
                {
                    WriteDescriptor(all[i], readable with { Flags = DescriptorFlags.Next, Next = all[(i + 1) % all.Count] });
                }
                MakeAvailable(all[0]);
                break;
            }
            case MalformedChain.IndirectLoop:
                PublishIndirect(2, readable with { Flags = DescriptorFlags.Next, Next = 1 }, readable with { Flags = DescriptorFlags.Next, Next = 0 });
                break;
            case MalformedChain.NestedIndirect:
                PublishIndirect(1, new Descriptor(page + 2048, Descriptor.Size, DescriptorFlags.Indirect, 0));
                break;
            case MalformedChain.IndirectWithNext:
            {
                ushort next = _free.Pop();
                WriteDescriptor(next, writable);
                PublishRaw(new Descriptor(page + 2048, Descriptor.Size, DescriptorFlags.Indirect | DescriptorFlags.Next, next));
                break;
            }
            case MalformedChain.IndirectLengthNotMultipleOf16:
                PublishRaw(new Descriptor(page + 2048, 24, DescriptorFlags.Indirect, 0));
                break;
            case MalformedChain.IndirectLengthZero:
                PublishRaw(new Descriptor(page + 2048, 0, DescriptorFlags.Indirect, 0));
                break;
            case MalformedChain.IndirectTooLarge:
                PublishRaw(new Descriptor(_ram.GuestPhysicalAddress, (16 * 1024 + 1) * Descriptor.Size, DescriptorFlags.Indirect, 0));
                break;
            case MalformedChain.IndirectTableOutsideGuestMemory:
                PublishRaw(new Descriptor(ramEnd - Descriptor.Size, 2 * Descriptor.Size, DescriptorFlags.Indirect, 0));
                break;
            case MalformedChain.IndirectNextOutOfRange:
                PublishIndirect(2, readable with { Flags = DescriptorFlags.Next, Next = 2 }, writable);
                break;
            case MalformedChain.NextOutOfRange:
                PublishRaw(readable with { Flags = DescriptorFlags.Next, Next = Size });
                break;
            case MalformedChain.LengthOverflow:
            {
                ushort second = _free.Pop();
                WriteDescriptor(second, new Descriptor(_ram.GuestPhysicalAddress, uint.MaxValue, DescriptorFlags.Write, 0));
                PublishRaw(new Descriptor(_ram.GuestPhysicalAddress, uint.MaxValue, DescriptorFlags.Write | DescriptorFlags.Next, second));
                break;
            }
            case MalformedChain.AddressOutsideGuestMemory:
                PublishRaw(readable with { Address = ramEnd });
                break;
            case MalformedChain.AddressWrapsAround:
                PublishRaw(readable with { Address = ulong.MaxValue - 15, Length = 64 });
                break;
            case MalformedChain.ReadableAfterWritable:
            {
                ushort second = _free.Pop();
                WriteDescriptor(second, readable);
                PublishRaw(writable with { Flags = DescriptorFlags.Write | DescriptorFlags.Next, Next = second });
                break;
            }
            case MalformedChain.HeadOutOfRange:
                MakeAvailable(Size);
                break;
            case MalformedChain.AvailIndexJump:
                SetAvailIndex((ushort)(AvailIndex + Size + 1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private void PublishRaw(Descriptor head)
    {
        ushort index = _free.Pop();
        WriteDescriptor(index, head);
        MakeAvailable(index);
    }

    private void PublishIndirect(int entries, params Descriptor[] table)
    {
        ulong at = AllocateBuffer(entries * Descriptor.Size);
        for (int i = 0; i < table.Length; i++)
        {
            table[i].Write(_ram.Bytes(at + ((ulong)i * Descriptor.Size), Descriptor.Size));
        }
        PublishRaw(new Descriptor(at, (uint)(entries * Descriptor.Size), DescriptorFlags.Indirect, 0));
    }

    private static Descriptor ToDescriptor(GuestBuffer b, ushort next, bool hasNext) => new(
        b.Address,
        b.Length,
        (b.IsWritable ? DescriptorFlags.Write : DescriptorFlags.None) | (hasNext ? DescriptorFlags.Next : DescriptorFlags.None),
        next);

    private void WriteUInt16(ulong gpa, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_ram.Bytes(gpa, 2), value);

    private void WriteUInt16Release(ulong gpa, ushort value) =>
        Volatile.Write(ref MemoryMarshal.AsRef<ushort>(_ram.Bytes(gpa, 2)), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));

    private ushort ReadUInt16Acquire(ulong gpa)
    {
        ushort raw = Volatile.Read(ref MemoryMarshal.AsRef<ushort>(_ram.Bytes(gpa, 2)));
        return BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
    }
}
