using VhostGpu.Display;
using VhostGpu.Gpu;
using VhostGpu.Gpu.Wire;
using VhostGpu.TestSupport.Guest;
using VhostGpu.TestSupport.QemuDisplay;
using VhostGpu.Virtio;

namespace VhostGpu.Tests.Gpu;

/// <summary>
/// The GPU device between two peers: a guest driver writing real descriptors into memfd guest
/// RAM (control and cursor rings over our SplitQueues) and QEMU's display side on the socket the
/// device hands to its QemuDisplaySink. Guest RAM has three regions: the main one, one adjacent to
/// it in guest-physical space and one beyond a hole.
/// </summary>
internal sealed class GpuHarness : IDisposable
{
    public const ulong RamBase = 0x1_0000_0000;
    public const ulong RamSize = 64UL << 20;
    public const ulong AdjacentBase = RamBase + RamSize;
    public const ulong SmallRegionSize = 1UL << 20;
    public const ulong HoleSize = 64UL << 10;
    public const ulong BeyondHoleBase = AdjacentBase + SmallRegionSize + HoleSize;

    public const int ResponseCapacity = EdidResponse.Size;
    public const byte Untouched = 0xAA;

    private const int Slots = 8;
    private const int RequestCapacity = VhostGpu.Gpu.ControlQueue.MaxRequestLength + 64;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ulong[] _requests = new ulong[Slots];
    private readonly ulong[] _responses = new ulong[Slots];
    private readonly ulong _cursorRequest;
    private readonly Dictionary<ushort, int> _slotOfHead = [];

    public GpuHarness(GpuDeviceOptions? options = null, QemuDisplayPeerOptions? display = null, bool connectDisplay = true)
    {
        Guest = new MultiRegionGuest((RamBase, RamSize), (AdjacentBase, SmallRegionSize), (BeyondHoleBase, SmallRegionSize));
        Control = new DriverQueue(Guest.Rams[0], 64);
        Cursor = new DriverQueue(Guest.Rams[0], 16);
        ControlQueue = SplitQueue.TryCreate(0, Control.Layout, 0, false, Guest.Map, ControlSignals, out string? error)
            ?? throw new InvalidOperationException(error);
        CursorQueue = SplitQueue.TryCreate(1, Cursor.Layout, 0, false, Guest.Map, CursorSignals, out error)
            ?? throw new InvalidOperationException(error);
        for (int i = 0; i < Slots; i++)
        {
            _requests[i] = Control.AllocateBuffer(RequestCapacity);
            _responses[i] = Control.AllocateBuffer(ResponseCapacity);
        }
        _cursorRequest = Cursor.AllocateBuffer(64);
        Peer = new QemuDisplayPeer(display);
        Sink = new QemuDisplaySink();
        Device = new GpuDevice(options ?? new GpuDeviceOptions(), Sink);
        if (connectDisplay)
        {
            Assert.True(Device.HandleDeviceMessage(GpuDevice.GpuSetSocketRequest, [], [Peer.Connect()]));
            WaitForDisplay(() => Peer.NegotiatedFeatures != null, "protocol negotiation");
        }
    }

    public MultiRegionGuest Guest { get; }

    public DriverQueue Control { get; }

    public DriverQueue Cursor { get; }

    public EventFdQueueSignals ControlSignals { get; } = new();

    public EventFdQueueSignals CursorSignals { get; } = new();

    public SplitQueue ControlQueue { get; }

    public SplitQueue CursorQueue { get; }

    public QemuDisplayPeer Peer { get; }

    public QemuDisplaySink Sink { get; }

    public GpuDevice Device { get; }

    /// <summary>Sends one control request, runs the device until it answers, and returns the bytes it wrote.</summary>
    public byte[] Send(byte[] request, int responseCapacity = ResponseCapacity)
    {
        Submit(request, responseCapacity);
        var (used, slot) = Complete();
        return ResponseBytes(slot, (int)used.Length);
    }

    /// <summary>Sends a request and returns only the response type.</summary>
    public ResponseType Run(byte[] request) => GpuRequests.TypeOf(Send(request));

    /// <summary>Puts a request in the control ring (in buffer slot <paramref name="slot"/>) without running the device.</summary>
    public ushort Submit(byte[] request, int responseCapacity = ResponseCapacity, int slot = 0)
    {
        request.CopyTo(Guest.Rams[0].Bytes(_requests[slot], request.Length));
        Guest.Rams[0].Bytes(_responses[slot], ResponseCapacity).Fill(Untouched);
        GuestBuffer[] buffers = responseCapacity > 0
            ? [GuestBuffer.Readable(_requests[slot], (uint)request.Length), GuestBuffer.Writable(_responses[slot], (uint)responseCapacity)]
            : [GuestBuffer.Readable(_requests[slot], (uint)request.Length)];
        ushort head = Control.Submit(buffers);
        _slotOfHead[head] = slot;
        return head;
    }

    /// <summary>Runs the control queue (again whenever the device asks to be woken) until one more chain is used.</summary>
    public (UsedElement Used, int Slot) Complete()
    {
        Device.ProcessQueue(ControlQueue);
        var deadline = DateTime.UtcNow + Patience;
        UsedElement used;
        while (!Control.TryTakeUsed(out used))
        {
            Assert.True(DateTime.UtcNow < deadline, "the device never answered");
            ControlSignals.Wake.Wait(100);
            Device.ProcessQueue(ControlQueue);
        }
        return (used, _slotOfHead[(ushort)used.Id]);
    }

    /// <summary>The first <paramref name="length"/> bytes of a slot's response buffer (bytes the device did not write stay <see cref="Untouched"/>).</summary>
    public byte[] ResponseBytes(int slot, int length) => Guest.Rams[0].Bytes(_responses[slot], length).ToArray();

    /// <summary>Sends a cursor request and runs the cursor queue; the chain must come back with nothing written.</summary>
    public void SendCursor(byte[] request)
    {
        request.CopyTo(Guest.Rams[0].Bytes(_cursorRequest, request.Length));
        ushort head = Cursor.Submit(GuestBuffer.Readable(_cursorRequest, (uint)request.Length));
        Device.ProcessQueue(CursorQueue);
        Assert.True(Cursor.TryTakeUsed(out var used));
        Assert.Equal(head, (ushort)used.Id);
        Assert.Equal(0u, used.Length);
    }

    /// <summary>Guest bytes at a guest-physical address inside one region.</summary>
    public Span<byte> Bytes(ulong gpa, int length) => Guest.Bytes(gpa, length);

    /// <summary>Reserves guest RAM in the main region for pixel data.</summary>
    public ulong Allocate(int length, ulong alignment = 4096) => Guest.Rams[0].Allocate((ulong)length, alignment);

    /// <summary>Creates a resource backed by one fresh guest buffer holding <paramref name="pixels"/>; returns the buffer's address.</summary>
    public ulong CreateBacked(uint resource, uint format, uint width, uint height, ReadOnlySpan<byte> pixels = default)
    {
        int length = checked((int)(width * height * 4));
        ulong gpa = Allocate(length);
        pixels.CopyTo(Bytes(gpa, length));
        Assert.Equal(ResponseType.OkNoData, Run(GpuRequests.Create2D(resource, format, width, height)));
        Assert.Equal(ResponseType.OkNoData, Run(GpuRequests.AttachBacking(resource, (gpa, (uint)length))));
        return gpa;
    }

    /// <summary>Waits until QEMU's side shows <paramref name="condition"/>.</summary>
    public void WaitForDisplay(Func<bool> condition, string what) =>
        Assert.True(Peer.WaitUntil(condition, Patience), $"the display never showed {what}");

    public void Dispose()
    {
        Device.SessionEnded();
        Sink.Dispose();
        Peer.Dispose();
        Guest.Dispose();
        ControlSignals.Dispose();
        CursorSignals.Dispose();
    }
}
