using VhostGpu.Diagnostics;
using VhostGpu.Interop;
using VhostGpu.Memory;
using VhostGpu.VhostUser.Messages;
using VhostGpu.Virtio;

namespace VhostGpu.VhostUser;

/// <summary>
/// One vring as the session sees it (reference 1.7): what the front-end configured, whether it
/// is started (a queue exists and a worker serves it) and enabled, and its notification fds.
/// The protocol thread changes configuration; the worker processes under <see cref="Gate"/>, which
/// the protocol thread takes (with a bounded wait) to stop the data path for memory changes.
/// </summary>
internal sealed class Vring : IQueueSignals, IDisposable
{
    public const int MaxSize = SplitQueueLayout.MaxSize;

    private static readonly TimeSpan StuckHandlerTimeout = TimeSpan.FromSeconds(2);

    private readonly IVhostUserDevice _device;
    private readonly GuestMemoryMap _memory;
    private readonly SignalSlot _logChanged;
    private SplitQueue? _queue;
    private IVirtqueue? _view;
    private QueueWorker? _worker;
    private volatile bool _enabled;

    // The last memory table change left the ring's addresses unmapped: the ring is not touched
    // until a later change maps them again (REM_MEM_REG then ADD_MEM_REG of the same RAM).
    private bool _memoryLost;

    public Vring(int index, IVhostUserDevice device, GuestMemoryMap memory, SignalSlot logChanged)
    {
        Index = index;
        _device = device;
        _memory = memory;
        _logChanged = logChanged;
    }

    public int Index { get; }

    /// <summary>Held while the device processes this ring; the protocol thread takes it to pause the ring.</summary>
    public object Gate { get; } = new();

    public ushort Size { get; set; }

    public VringAddress? Address { get; private set; }

    /// <summary>Next avail index to process when the ring (re)starts (SET_VRING_BASE, or where it stopped).</summary>
    public ushort Base { get; set; }

    public SignalSlot Call { get; } = new();

    public SignalSlot Error { get; } = new();

    public bool IsStarted => _worker != null;

    public bool Enabled
    {
        get => _enabled;
        set
        {
            _enabled = value;
            if (value)
            {
                _worker?.Wake();
            }
        }
    }

    /// <summary>
    /// Starts the ring on <paramref name="kick"/> (which it owns from here on, also on failure).
    /// Refused while the size, the addresses or the memory they point into are missing.
    /// </summary>
    public string? Start(EventFd? kick, ulong features, Func<SplitQueue, IVirtqueue> wrap)
    {
        string? error = TryLayout(out var layout);
        SplitQueue? queue = error == null ? SplitQueue.TryCreate(Index, layout, Base, false, _memory, this, out error) : null;
        if (queue == null)
        {
            kick?.Dispose();
            return error;
        }
        _queue = queue;
        _memoryLost = false;
        ApplyFeatures(features);
        _view = wrap(queue);
        _worker = QueueWorker.TryStart(this, kick, out error);
        if (_worker == null)
        {
            _queue = null;
            _view = null;
        }
        return error;
    }

    /// <summary>Stops the worker (the device is told first) and returns the next avail index (GET_VRING_BASE).</summary>
    public ushort Stop()
    {
        if (_worker == null)
        {
            return Base;
        }
        // A stuck handler was logged by the worker; the index read now is the best answer left.
        _worker.Stop(StuckHandlerTimeout);
        _worker = null;
        Base = _queue!.NextAvailIndex;
        _queue = null;
        _view = null;
        return Base;
    }

    /// <summary>SET_VRING_ADDR: stored; a started ring moves to the new addresses at once.</summary>
    public string? SetAddress(VringAddress address)
    {
        var previous = Address;
        Address = address;
        if (_queue == null)
        {
            return null;
        }
        string? error = TryMove();
        if (error != null)
        {
            Address = previous;
            Log.Warning?.Write("vhost-user", $"vring {Index} cannot move to the new addresses ({error}); reporting an error to the front-end");
            ReportError();
        }
        return error;
    }

    /// <summary>
    /// Re-translates a started ring's addresses after a memory table change. When the front-end's
    /// addresses no longer translate but the ring's guest-physical memory is still mapped (the same
    /// RAM announced at another front-end address), the ring stays where it is in the guest. When
    /// neither holds, the ring reports an error and is left alone until a later change maps its
    /// memory again, so a wake-up in between cannot break it for good. Caller holds <see cref="Gate"/>.
    /// </summary>
    public string? Relocate()
    {
        if (_queue == null)
        {
            return null;
        }
        string? error = TryMove();
        _memoryLost = error != null && !_queue.IsLayoutMapped;
        if (error == null)
        {
            return null;
        }
        if (!_memoryLost)
        {
            Log.Info?.Write("vhost-user", $"vring {Index} stays at its guest-physical addresses ({error})");
            return null;
        }
        Log.Warning?.Write("vhost-user", $"vring {Index} cannot follow the new memory table ({error}); reporting an error to the front-end");
        ReportError();
        return error;
    }

    private string? TryMove()
    {
        string? error = TryLayout(out var layout);
        return error == null && _queue!.Relocate(layout, out error) ? null : error;
    }

    /// <summary>Waits (bounded) until the worker is outside the device and keeps it out until <see cref="Resume"/>.</summary>
    public bool TryPause()
    {
        if (Monitor.TryEnter(Gate, StuckHandlerTimeout))
        {
            return true;
        }
        Log.Error?.Write("vhost-user", $"vring {Index}: device handler has held the queue for over {StuckHandlerTimeout.TotalMilliseconds} ms");
        return false;
    }

    public void Resume() => Monitor.Exit(Gate);

    /// <summary>The notification features the driver acknowledged (SET_FEATURES), applied to a started ring.</summary>
    public void ApplyFeatures(ulong features)
    {
        if (_queue != null)
        {
            _queue.EventIdx = (features & TransportFeature.EventIndex) != 0;
            _queue.NotifyOnEmpty = (features & TransportFeature.NotifyOnEmpty) != 0;
        }
    }

    /// <summary>
    /// Worker thread: lets the device drain the ring, unless it is disabled (no side effects then).
    /// True when the device took new chains from the avail ring (a polling worker keeps its pace).
    /// </summary>
    public bool Process()
    {
        bool progressed;
        lock (Gate)
        {
            if (_view == null || !_enabled || _memoryLost)
            {
                return false;
            }
            ushort before = _queue!.NextAvailIndex;
            _device.ProcessQueue(_view);
            progressed = _queue.NextAvailIndex != before;
        }
        if (_memory.DirtyLog != null)
        {
            _logChanged.Signal();
        }
        return progressed;
    }

    /// <summary>Worker thread, on its way out: the device completes or un-pops what it holds.</summary>
    public void NotifyStopping()
    {
        lock (Gate)
        {
            if (_view != null)
            {
                _device.QueueStopping(_view);
            }
        }
    }

    public void NotifyDriver() => Call.Signal();

    public void ReportError() => Error.Signal();

    public void RequestProcessing() => _worker?.Wake();

    /// <summary>Forgets everything the front-end configured (RESET_DEVICE, RESET_OWNER), keeping the notification fds.</summary>
    public void ResetConfiguration()
    {
        Stop();
        Size = 0;
        Address = null;
        Base = 0;
        _enabled = false;
    }

    public void Dispose()
    {
        Stop();
        Call.Dispose();
        Error.Dispose();
    }

    private string? TryLayout(out SplitQueueLayout layout)
    {
        layout = default;
        if (Size == 0)
        {
            return "ring size not set (SET_VRING_NUM)";
        }
        if (Address is not { } a)
        {
            return "ring addresses not set (SET_VRING_ADDR)";
        }
        if (_memory.IsEmpty)
        {
            return "no memory table";
        }
        var shape = new SplitQueueLayout(Size, 0, 0, 0);
        if (!_memory.TryTranslateUserAddress(a.Descriptor, shape.DescriptorTableLength, out ulong desc)
            || !_memory.TryTranslateUserAddress(a.Available, shape.AvailRingLength, out ulong avail)
            || !_memory.TryTranslateUserAddress(a.Used, shape.UsedRingLength, out ulong used))
        {
            return $"ring addresses desc 0x{a.Descriptor:x} avail 0x{a.Available:x} used 0x{a.Used:x} are not inside the memory table";
        }
        layout = new SplitQueueLayout(Size, desc, avail, used);
        return null;
    }
}
