using System.Buffers.Binary;
using VhostGpu.Diagnostics;
using VhostGpu.Memory;

namespace VhostGpu.Virtio;

/// <summary>
/// The device side of one split virtqueue (reference 5.2-5.4), the libvhost-user algorithm:
/// free-running u16 indices, used index published with a release store, notifications
/// suppressed with EVENT_IDX or NO_INTERRUPT. A malformed chain stops the queue for good: one
/// warning, one error signal, then <see cref="TryPop"/> returns false until the queue is re-created.
/// All members except <see cref="RequestProcessing"/> run on the queue's worker thread;
/// <see cref="Relocate"/> only while the worker is idle.
/// </summary>
public sealed class SplitQueue : IVirtqueue
{
    private readonly GuestMemoryMap _memory;
    private readonly IQueueSignals _signals;
    private readonly ChainWalker _walker = new();
    private readonly Stack<DescriptorChain> _freeChains = new();
    private SplitQueueLayout _layout;
    private ushort _usedIndex;
    private ushort _inUse;
    private ushort _signalledUsed;
    private bool _signalledUsedValid;
    private ushort _usedIndexAtLastCheck;
    private ushort? _availEventFenced;

    private SplitQueue(int index, SplitQueueLayout layout, ushort nextAvailIndex, ushort usedIndex, bool eventIdx, GuestMemoryMap memory, IQueueSignals signals)
    {
        Index = index;
        _layout = layout;
        NextAvailIndex = nextAvailIndex;
        _usedIndex = usedIndex;
        _usedIndexAtLastCheck = usedIndex;
        EventIdx = eventIdx;
        _memory = memory;
        _signals = signals;
    }

    public int Index { get; }

    public IGuestMemory Memory => _memory;

    public SplitQueueLayout Layout => _layout;

    /// <summary>The next avail-ring index to process: the value GET_VRING_BASE reports.</summary>
    public ushort NextAvailIndex { get; private set; }

    public bool IsBroken => BrokenReason != null;

    /// <summary>Why the queue stopped, or null while it works.</summary>
    public string? BrokenReason { get; private set; }

    /// <summary>VIRTIO_RING_F_EVENT_IDX negotiated: avail_event / used_event govern kicks and interrupts.</summary>
    public bool EventIdx { get; set; }

    /// <summary>VIRTIO_F_NOTIFY_ON_EMPTY negotiated: interrupt when all work is done, whatever the suppression says.</summary>
    public bool NotifyOnEmpty { get; set; }

    /// <summary>
    /// Checks the layout against guest memory and starts from <paramref name="nextAvailIndex"/>
    /// (SET_VRING_BASE) and the used index the ring holds now. Null with a reason when the size is
    /// not a power of two, a part is misaligned or not wholly mapped.
    /// </summary>
    public static SplitQueue? TryCreate(int index, SplitQueueLayout layout, ushort nextAvailIndex, bool eventIdx, GuestMemoryMap memory, IQueueSignals signals, out string? error)
    {
        error = CheckLayout(layout, memory);
        if (error != null)
        {
            return null;
        }
        if (!memory.TryReadUInt16Acquire(layout.UsedIndexAddress, out ushort usedIndex))
        {
            error = $"used index of {layout} is unreadable";
            return null;
        }
        return new SplitQueue(index, layout, nextAvailIndex, usedIndex, eventIdx, memory, signals);
    }

    /// <summary>Whether the current layout still lies in mapped guest memory (after a memory table change).</summary>
    public bool IsLayoutMapped => CheckLayout(_layout, _memory) == null;

    /// <summary>Moves the queue to a new layout of the same size (after a memory table change); state is kept.</summary>
    public bool Relocate(SplitQueueLayout layout, out string? error)
    {
        error = layout.Size != _layout.Size
            ? $"cannot resize queue {Index} from {_layout.Size} to {layout.Size} while it runs"
            : CheckLayout(layout, _memory);
        if (error != null)
        {
            return false;
        }
        _layout = layout;
        _availEventFenced = null;
        return true;
    }

    public bool TryPop(out DescriptorChain chain)
    {
        chain = null!;
        if (IsBroken)
        {
            return false;
        }
        if (!TryReadAvailable(out ushort available))
        {
            return false;
        }
        if (available == 0)
        {
            // Before reporting "empty" with EVENT_IDX, avail_event must be visible to the driver and
            // avail idx re-read after a full fence: otherwise the driver can miss our avail_event
            // while we miss its new index, and the kick for that buffer is lost (5.2).
            if (!EventIdx || _availEventFenced == NextAvailIndex)
            {
                return false;
            }
            if (!TryWriteAvailEvent())
            {
                return false;
            }
            Interlocked.MemoryBarrier();
            _availEventFenced = NextAvailIndex;
            if (!TryReadAvailable(out available) || available == 0)
            {
                return false;
            }
        }
        if (_inUse >= _layout.Size)
        {
            Break($"driver made more than {_layout.Size} chains available while {_inUse} are in use");
            return false;
        }

        Span<byte> raw = stackalloc byte[2];
        if (!_memory.TryRead(_layout.AvailEntryAddress(NextAvailIndex), raw))
        {
            Break("available ring became unreadable");
            return false;
        }
        ushort head = BinaryPrimitives.ReadUInt16LittleEndian(raw);
        if (head >= _layout.Size)
        {
            Break($"avail ring entry {NextAvailIndex} names head {head}, beyond size {_layout.Size}");
            return false;
        }

        var popped = _freeChains.Count > 0 ? _freeChains.Pop() : new DescriptorChain();
        string? error = _walker.Walk(_memory, _layout, head, popped);
        if (error != null)
        {
            _freeChains.Push(popped);
            Break(error);
            return false;
        }
        popped.Resubmitted = false;
        popped.AvailIndex = NextAvailIndex;
        popped.Owner = this;
        NextAvailIndex++;
        _inUse++;
        if (EventIdx)
        {
            // A failure breaks the queue for later pops; this chain is valid and still handed out.
            TryWriteAvailEvent();
        }
        chain = popped;
        return true;
    }

    /// <summary>
    /// Walks the chain at <paramref name="head"/> again without touching the avail ring: a request
    /// a previous back-end popped but never completed (inflight resubmission). The caller has
    /// already counted it in <see cref="NextAvailIndex"/>. False (and broken) when it is malformed.
    /// </summary>
    public bool TryTakeInflight(ushort head, out DescriptorChain chain)
    {
        chain = null!;
        if (IsBroken)
        {
            return false;
        }
        if (head >= _layout.Size)
        {
            Break($"inflight head {head} is beyond size {_layout.Size}");
            return false;
        }
        if (_inUse >= _layout.Size)
        {
            Break($"more than {_layout.Size} chains in use");
            return false;
        }
        var taken = _freeChains.Count > 0 ? _freeChains.Pop() : new DescriptorChain();
        string? error = _walker.Walk(_memory, _layout, head, taken);
        if (error != null)
        {
            _freeChains.Push(taken);
            Break($"inflight {error}");
            return false;
        }
        taken.Resubmitted = true;
        taken.Owner = this;
        _inUse++;
        chain = taken;
        return true;
    }

    /// <summary>
    /// Before the first pop after a reconnect: <paramref name="inflight"/> chains the previous
    /// back-end popped are still outstanding, so the avail entries up to the used index plus that
    /// many have all been taken, whatever SET_VRING_BASE said: a front-end whose back-end died
    /// cannot know how far it got and restarts from the used index (libvhost-user does the same).
    /// </summary>
    public void SkipTakenEntries(ushort inflight)
    {
        NextAvailIndex = (ushort)(_usedIndex + inflight);
        _availEventFenced = null;
    }

    public void Push(DescriptorChain chain, uint bytesWritten)
    {
        if (bytesWritten > chain.WritableLength)
        {
            throw new ArgumentOutOfRangeException(nameof(bytesWritten), $"{bytesWritten} bytes written into a chain with {chain.WritableLength} writable");
        }
        TakeBack(chain);
        _inUse--;
        Span<byte> element = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(element, chain.Head);
        BinaryPrimitives.WriteUInt32LittleEndian(element[4..], bytesWritten);
        ushort old = _usedIndex;
        ushort next = (ushort)(old + 1);
        // The element must be visible before the index that publishes it: release store (5.2).
        if (!_memory.TryWrite(_layout.UsedEntryAddress(old), element) || !_memory.TryWriteUInt16Release(_layout.UsedIndexAddress, next))
        {
            Break("used ring became unwritable");
            return;
        }
        _usedIndex = next;
        if ((short)(next - _signalledUsed) < (ushort)(next - old))
        {
            _signalledUsedValid = false;
        }
    }

    /// <summary>Gives a chain back unprocessed; a resubmitted one stays outside the avail ring, for whoever tracks it.</summary>
    public void Unpop(DescriptorChain chain)
    {
        bool fromAvail = !chain.Resubmitted;
        if (chain.Owner == this && fromAvail && chain.AvailIndex != (ushort)(NextAvailIndex - 1))
        {
            throw new InvalidOperationException($"queue {Index}: only the most recently popped chain can be given back");
        }
        TakeBack(chain);
        if (fromAvail)
        {
            NextAvailIndex--;
        }
        _inUse--;
    }

    public void NotifyIfNeeded()
    {
        if (_usedIndex == _usedIndexAtLastCheck)
        {
            return;
        }
        _usedIndexAtLastCheck = _usedIndex;
        if (ShouldNotify())
        {
            _signals.NotifyDriver();
        }
    }

    public void RequestProcessing() => _signals.RequestProcessing();

    /// <summary>Reference 5.3; the full fence orders our used-ring writes before reading the driver's suppression state.</summary>
    private bool ShouldNotify()
    {
        Interlocked.MemoryBarrier();
        if (NotifyOnEmpty && _inUse == 0 && TryReadAvailable(out ushort available) && available == 0)
        {
            return true;
        }
        if (!EventIdx)
        {
            return !TryReadUInt16(_layout.AvailFlagsAddress, out ushort flags) || (flags & RingFlags.NoInterrupt) == 0;
        }
        ushort old = _signalledUsed;
        bool valid = _signalledUsedValid;
        _signalledUsed = _usedIndex;
        _signalledUsedValid = true;
        if (!valid || !TryReadUInt16(_layout.UsedEventAddress, out ushort usedEvent))
        {
            return true;
        }
        return EventIndex.NeedEvent(usedEvent, _usedIndex, old);
    }

    /// <summary>Chains the driver has made available beyond ours; false (and broken) when that exceeds the ring.</summary>
    private bool TryReadAvailable(out ushort available)
    {
        available = 0;
        if (!_memory.TryReadUInt16Acquire(_layout.AvailIndexAddress, out ushort availIndex))
        {
            Break("available index became unreadable");
            return false;
        }
        available = (ushort)(availIndex - NextAvailIndex);
        if (available > _layout.Size)
        {
            Break($"avail index moved from {NextAvailIndex} to {availIndex}, more than the {_layout.Size} entries of the ring");
            return false;
        }
        return true;
    }

    private bool TryWriteAvailEvent()
    {
        Span<byte> raw = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(raw, NextAvailIndex);
        if (!_memory.TryWrite(_layout.AvailEventAddress, raw))
        {
            Break("used ring became unwritable");
            return false;
        }
        return true;
    }

    private bool TryReadUInt16(ulong gpa, out ushort value)
    {
        Span<byte> raw = stackalloc byte[2];
        bool ok = _memory.TryRead(gpa, raw);
        value = BinaryPrimitives.ReadUInt16LittleEndian(raw);
        return ok;
    }

    private void TakeBack(DescriptorChain chain)
    {
        if (chain.Owner != this)
        {
            throw new InvalidOperationException($"queue {Index}: chain {chain.Head} is not one this queue handed out");
        }
        chain.Owner = null;
        _freeChains.Push(chain);
    }

    private void Break(string reason)
    {
        if (IsBroken)
        {
            return;
        }
        BrokenReason = reason;
        Log.Warning?.Write("virtio", $"queue {Index} stopped: {reason}");
        _signals.ReportError();
    }

    private static string? CheckLayout(SplitQueueLayout layout, GuestMemoryMap memory)
    {
        string? error = layout.CheckShape();
        if (error != null)
        {
            return error;
        }
        if (!memory.IsMapped(layout.DescriptorTable, layout.DescriptorTableLength)
            || !memory.IsMapped(layout.AvailRing, layout.AvailRingLength)
            || !memory.IsMapped(layout.UsedRing, layout.UsedRingLength))
        {
            return $"ring {layout} is not wholly in guest memory";
        }
        return null;
    }
}
