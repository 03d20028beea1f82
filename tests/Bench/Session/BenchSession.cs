using System.Diagnostics;
using VhostGpu.Interop;
using VhostGpu.Bench.Guest;
using VhostGpu.TestSupport.FrontEnd;
using VhostGpu.TestSupport.Guest;
using VhostGpu.TestSupport.QemuDisplay;

namespace VhostGpu.Bench.Session;

/// <summary>
/// One connection to a back-end as QEMU and a Linux guest would hold it: guest RAM in a memfd,
/// the control and cursor queues (QEMU's sizes 64 and 16), the vhost-user handshake of QEMU 10
/// including GPU_SET_SOCKET, and the display side of that socket. Commands are staged into
/// per-slot request/response buffers, made available, kicked once, and awaited on the call eventfd.
/// </summary>
public sealed class BenchSession : IDisposable
{
    public const ushort ControlQueueSize = 64;
    public const ushort CursorQueueSize = 16;
    public const int SlotBytes = 4096;

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    private readonly QueueNotifiers[] _notifiers = [new(), new()];
    private readonly VhostUserFrontEnd _frontEnd;
    private readonly QueueState _control;
    private readonly QueueState _cursor;

    private BenchSession(FileDescriptor socket, ulong ramBytes, int displayWidth, int displayHeight)
    {
        Ram = new GuestRam(ramBytes);
        _control = new QueueState(new DriverQueue(Ram, ControlQueueSize), _notifiers[0], Ram, hasResponse: true);
        _cursor = new QueueState(new DriverQueue(Ram, CursorQueueSize), _notifiers[1], Ram, hasResponse: false);
        Display = new QemuDisplayPeer(new QemuDisplayPeerOptions { RecordMessages = false, Width = displayWidth, Height = displayHeight });
        Watch = new DisplayWatch(Display);
        _frontEnd = new VhostUserFrontEnd(socket);
        using var backendEnd = Display.Connect();
        _frontEnd.QemuHandshake(Ram, [_control.Queue, _cursor.Queue], _notifiers, gpuSocket: backendEnd);
    }

    public GuestRam Ram { get; }

    public QemuDisplayPeer Display { get; }

    public DisplayWatch Watch { get; }

    /// <summary>Runs QEMU's handshake over <paramref name="socket"/> (which the session then owns).</summary>
    public static BenchSession Open(FileDescriptor socket, ulong ramBytes, int displayWidth, int displayHeight) =>
        new(socket, ramBytes, displayWidth, displayHeight);

    /// <summary>The request buffer of the next free control slot; pass its length to <see cref="SubmitControl"/>.</summary>
    public Span<byte> NextControlRequest() => _control.NextRequest();

    public void SubmitControl(int requestLength) => _control.Submit(requestLength);

    public Span<byte> NextCursorRequest() => _cursor.NextRequest();

    public void SubmitCursor(int requestLength) => _cursor.Submit(requestLength);

    /// <summary>
    /// Arms the display watch for what the coming commands must produce and returns the step's
    /// start time. Call it before making any command available: a back-end still polling its ring
    /// may take commands before the kick, so the clock starts at submission.
    /// </summary>
    public long BeginStep(long updateArea, int cursorMessages)
    {
        Watch.Arm(updateArea, cursorMessages);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Kicks every queue whose driver side asks for it.</summary>
    public void Kick()
    {
        _control.KickIfNeeded();
        _cursor.KickIfNeeded();
    }

    /// <summary>Waits until the device returned every submitted control command, each with OK_NODATA.</summary>
    public void AwaitControl() => _control.AwaitAll(StepTimeout);

    public void AwaitCursor() => _cursor.AwaitAll(StepTimeout);

    /// <summary>Waits for what <see cref="BeginStep"/> asked of the display side and for <paramref name="complete"/>.</summary>
    public void AwaitDisplay(string what, Func<bool> complete)
    {
        if (!Watch.Wait(complete, StepTimeout))
        {
            throw new BenchFailure($"{what}: the display side got {Watch.Area} UPDATE pixels in {Watch.Count} messages within {StepTimeout.TotalSeconds:0} s ({_control.Describe()}; {_cursor.Describe()}){ViolationsSeen()}");
        }
    }

    private string ViolationsSeen() =>
        Display.Violations is { Count: > 0 } v ? $"; display side saw {v.Count} protocol violation(s), first: {v[0]}" : "";

    /// <summary>Creates a resource, attaches its scattered backing and waits for both.</summary>
    public GuestResource CreateResource(uint id, uint format, uint width, uint height, uint chunkBytes)
    {
        var resource = new GuestResource(Ram, id, format, width, height, chunkBytes);
        SubmitControl(GpuRequest.CreateResource2D(NextControlRequest(), id, format, width, height));
        if (GpuRequest.AttachBackingSize(resource.Entries.Length) > SlotBytes)
        {
            throw new ArgumentException($"{resource.Entries.Length} backing entries do not fit a {SlotBytes}-byte request; use bigger chunks");
        }
        SubmitControl(GpuRequest.AttachBacking(NextControlRequest(), id, resource.Entries));
        Kick();
        AwaitControl();
        return resource;
    }

    /// <summary>Shows the whole resource on scanout 0 and pushes one full frame, so the display has a surface before any damage.</summary>
    public void ShowOnScanout(GuestResource resource)
    {
        SubmitControl(GpuRequest.SetScanoutRequest(NextControlRequest(), 0, resource.Id, resource.Bounds));
        SubmitControl(GpuRequest.Transfer(NextControlRequest(), resource.Id, resource.Bounds, 0, fence: 0));
        BeginStep((long)resource.Bounds.Area, 0);
        SubmitControl(GpuRequest.Flush(NextControlRequest(), resource.Id, resource.Bounds));
        Kick();
        AwaitDisplay("first frame", () => true);
        AwaitControl();
    }

    public void Dispose()
    {
        Display.Dispose();
        Watch.Dispose();
        _frontEnd.Dispose();
        foreach (var n in _notifiers)
        {
            n.Dispose();
        }
        Ram.Dispose();
    }

    /// <summary>One queue's driver state: request/response slots in guest RAM and what is in flight.</summary>
    private sealed class QueueState
    {
        private readonly GuestRam _ram;
        private readonly QueueNotifiers _notifiers;
        private readonly bool _hasResponse;
        private readonly ulong _slots;
        private readonly int[] _slotOfHead;
        private int _nextSlot;
        private int _inFlight;
        private bool _kickNeeded;

        public QueueState(DriverQueue queue, QueueNotifiers notifiers, GuestRam ram, bool hasResponse)
        {
            Queue = queue;
            _notifiers = notifiers;
            _ram = ram;
            _hasResponse = hasResponse;
            _slots = ram.Allocate((ulong)queue.Size * (SlotBytes + GpuRequest.ResponseSize), 64);
            _slotOfHead = new int[queue.Size];
        }

        public DriverQueue Queue { get; }

        public Span<byte> NextRequest() => _ram.Bytes(RequestAddress(_nextSlot), SlotBytes);

        public void Submit(int length)
        {
            int slot = _nextSlot;
            _nextSlot = (_nextSlot + 1) % Queue.Size;
            var request = GuestBuffer.Readable(RequestAddress(slot), (uint)length);
            ushort head = _hasResponse
                ? Queue.AddDirect(request, GuestBuffer.Writable(ResponseAddress(slot), GpuRequest.ResponseSize))
                : Queue.AddDirect(request);
            if (_hasResponse)
            {
                _ram.Bytes(ResponseAddress(slot), GpuRequest.ResponseSize).Clear();
            }
            _slotOfHead[head] = slot;
            _kickNeeded |= Queue.MakeAvailable(head);
            _inFlight++;
        }

        public void KickIfNeeded()
        {
            if (_kickNeeded)
            {
                _notifiers.Kick.Signal();
                _kickNeeded = false;
            }
        }

        public void AwaitAll(TimeSpan timeout)
        {
            long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (_inFlight > 0)
            {
                while (Queue.TryTakeUsed(out var used))
                {
                    _inFlight--;
                    CheckResponse(used);
                }
                if (_inFlight == 0 || Queue.EnableInterrupt())
                {
                    continue;
                }
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    throw new BenchFailure($"{_inFlight} command(s) not returned by the device within {timeout.TotalSeconds:0} s");
                }
                _notifiers.Call.Wait((int)Math.Max(1, left * 1000 / Stopwatch.Frequency));
            }
        }

        private void CheckResponse(UsedElement used)
        {
            if (!_hasResponse)
            {
                return;
            }
            if (used.Id >= Queue.Size)
            {
                throw new BenchFailure($"the device returned head {used.Id} of a {Queue.Size}-entry queue");
            }
            int slot = _slotOfHead[used.Id];
            uint type = GpuRequest.ResponseType(_ram.Bytes(ResponseAddress(slot), GpuRequest.ResponseSize));
            if (used.Length < GpuRequest.ResponseSize || type != GpuRequest.OkNoData)
            {
                throw new BenchFailure($"command in slot {slot} answered 0x{type:x} with {used.Length} bytes");
            }
        }

        /// <summary>Ring indices for failure reports.</summary>
        public string Describe() => $"queue of {Queue.Size}: avail {Queue.AvailIndex}, used {Queue.UsedIndex}, avail_event {Queue.AvailEvent}, {_inFlight} in flight";

        private ulong RequestAddress(int slot) => _slots + ((ulong)slot * (SlotBytes + GpuRequest.ResponseSize));

        private ulong ResponseAddress(int slot) => RequestAddress(slot) + SlotBytes;
    }
}
