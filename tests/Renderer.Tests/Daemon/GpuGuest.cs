using System.Buffers.Binary;
using VhostGpu.Gpu.Wire;
using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;
using VhostGpu.Tests.Gpu;
using VhostGpu.TestSupport.FrontEnd;
using VhostGpu.TestSupport.Guest;

namespace VhostGpu.Tests.Daemon;

/// <summary>
/// A virtio-gpu guest driver on the test front-end: memfd RAM, the control and cursor queues,
/// QEMU's handshake with the real daemon, and one command at a time, waiting for its response.
/// </summary>
public sealed class GpuGuest : IDisposable
{
    private const int TimeoutMs = 10_000;
    private readonly GuestRam _ram = new(32 << 20);
    private readonly DriverQueue[] _queues;
    private readonly QueueNotifiers[] _notifiers = [new(), new()];
    private readonly VhostUserFrontEnd _frontEnd;

    /// <param name="backendChannel">The daemon's end of a back-end request channel to hand over, or null for none.</param>
    public GpuGuest(DaemonProcess daemon, FileDescriptor? backendChannel = null)
    {
        _queues = [new DriverQueue(_ram, 64), new DriverQueue(_ram, 16)];
        _frontEnd = daemon.Connect();
        _frontEnd.QemuHandshake(_ram, _queues, _notifiers, backendChannel);
    }

    /// <summary>events_read of the config space (GET_CONFIG, as the driver reads it after a config interrupt).</summary>
    public uint EventsRead => BinaryPrimitives.ReadUInt32LittleEndian(_frontEnd.GetConfig(0, 4));

    /// <summary>GET_DISPLAY_INFO: the first scanout's offered mode and whether it is enabled.</summary>
    public (PixelRect Rect, bool Enabled) DisplayInfo()
    {
        DriverQueue queue = _queues[0];
        byte[] request = GpuRequests.GetDisplayInfo();
        ulong requestAddress = queue.AllocateBuffer(request.Length, request);
        ulong responseAddress = queue.AllocateBuffer(408);
        queue.Submit(GuestBuffer.Readable(requestAddress, (uint)request.Length), GuestBuffer.Writable(responseAddress, 408));
        _notifiers[0].Kick.Signal();
        WaitForUsed(0);
        // virtio_gpu_resp_display_info: header (24), then per scanout rect (x, y, w, h), enabled, flags.
        ReadOnlySpan<byte> mode = _ram.Bytes(responseAddress + 24, 24);
        var rect = new PixelRect(
            BinaryPrimitives.ReadInt32LittleEndian(mode), BinaryPrimitives.ReadInt32LittleEndian(mode[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(mode[8..]), BinaryPrimitives.ReadInt32LittleEndian(mode[12..]));
        return (rect, BinaryPrimitives.ReadUInt32LittleEndian(mode[16..]) != 0);
    }

    /// <summary>The wire format of a host pixel format (virtio_gpu_formats, named by byte order).</summary>
    public static uint WireFormat(PixelFormat format) => format switch
    {
        PixelFormat.Bgra => 1,
        PixelFormat.Bgrx => 2,
        PixelFormat.Argb => 3,
        PixelFormat.Xrgb => 4,
        PixelFormat.Rgba => 67,
        PixelFormat.Xbgr => 68,
        PixelFormat.Abgr => 121,
        PixelFormat.Rgbx => 134,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Creates resource <paramref name="id"/> with contiguous backing in guest RAM; returns the backing's address.</summary>
    public ulong CreateResource(uint id, PixelFormat format, int width, int height)
    {
        Expect(Control(GpuRequests.Create2D(id, WireFormat(format), (uint)width, (uint)height)), "RESOURCE_CREATE_2D");
        uint length = (uint)(width * height * PixelLayout.BytesPerPixel);
        ulong backing = _ram.Allocate(length, 4096);
        Expect(Control(GpuRequests.AttachBacking(id, (backing, length))), "RESOURCE_ATTACH_BACKING");
        return backing;
    }

    /// <summary>The guest's view of its own memory.</summary>
    public Span<byte> Bytes(ulong address, int length) => _ram.Bytes(address, length);

    /// <summary>TRANSFER_TO_HOST_2D of <paramref name="rect"/> from a backing of row pitch <paramref name="stride"/>.</summary>
    public void Transfer(uint id, PixelRect rect, int stride) =>
        Expect(Control(GpuRequests.Transfer(id, (uint)rect.X, (uint)rect.Y, (uint)rect.Width, (uint)rect.Height,
            (ulong)(rect.Y * stride + rect.X * PixelLayout.BytesPerPixel))), "TRANSFER_TO_HOST_2D");

    public void SetScanout(uint scanout, uint id, PixelRect rect) =>
        Expect(Control(GpuRequests.SetScanout(scanout, id, (uint)rect.X, (uint)rect.Y, (uint)rect.Width, (uint)rect.Height)), "SET_SCANOUT");

    public void Flush(uint id, PixelRect rect) =>
        Expect(Control(GpuRequests.Flush(id, (uint)rect.X, (uint)rect.Y, (uint)rect.Width, (uint)rect.Height)), "RESOURCE_FLUSH");

    public void UpdateCursor(uint scanout, int x, int y, uint id, int hotX, int hotY) =>
        Cursor(GpuRequests.UpdateCursor(scanout, (uint)x, (uint)y, id, (uint)hotX, (uint)hotY));

    /// <summary>Puts a control request and a response buffer on queue 0, kicks, and returns the response type.</summary>
    public ResponseType Control(byte[] request, int responseLength = 24)
    {
        DriverQueue queue = _queues[0];
        ulong requestAddress = queue.AllocateBuffer(request.Length, request);
        ulong responseAddress = queue.AllocateBuffer(responseLength);
        queue.Submit(GuestBuffer.Readable(requestAddress, (uint)request.Length), GuestBuffer.Writable(responseAddress, (uint)responseLength));
        _notifiers[0].Kick.Signal();
        WaitForUsed(0);
        return (ResponseType)BinaryPrimitives.ReadUInt32LittleEndian(_ram.Bytes(responseAddress, 4));
    }

    public void Dispose()
    {
        _frontEnd.Dispose();
        foreach (QueueNotifiers notifiers in _notifiers)
        {
            notifiers.Dispose();
        }
        _ram.Dispose();
    }

    private void Cursor(byte[] request)
    {
        DriverQueue queue = _queues[1];
        ulong address = queue.AllocateBuffer(request.Length, request);
        queue.Submit(GuestBuffer.Readable(address, (uint)request.Length));
        _notifiers[1].Kick.Signal();
        WaitForUsed(1);
    }

    private void WaitForUsed(int queue)
    {
        long deadline = Environment.TickCount64 + TimeoutMs;
        while (!_queues[queue].TryTakeUsed(out _))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"the daemon did not complete a request on queue {queue}");
            }
            _notifiers[queue].Call.Wait(20);
        }
    }

    private static void Expect(ResponseType response, string command)
    {
        if (response != ResponseType.OkNoData)
        {
            throw new InvalidOperationException($"{command} answered {response}");
        }
    }
}
