using VhostGpu.Diagnostics;
using VhostGpu.Display;
using VhostGpu.Interop;
using VhostGpu.VhostUser;
using VhostGpu.Virtio;

namespace VhostGpu.Gpu;

/// <summary>
/// The virtio-gpu 2D device (virtio device id 16) behind vhost-user: queue 0 carries control
/// commands, queue 1 cursor commands. Both queue workers and the protocol thread enter through
/// one lock, so commands see a consistent resource and scanout state; nothing inside it blocks on
/// I/O (the sink queues its work, display round trips park the control queue instead of waiting).
/// </summary>
public sealed class GpuDevice : IVhostUserDevice
{
    /// <summary>vhost-user GPU_SET_SOCKET: QEMU hands over the socket of its display side.</summary>
    public const uint GpuSetSocketRequest = 33;

    private const int ControlQueueIndex = 0;
    private const int CursorQueueIndex = 1;

    private readonly object _gate = new();
    private readonly IDisplaySink _sink;
    private readonly GpuState _state;
    private readonly GpuConfigSpace _config;
    private readonly ControlQueue _control;
    private readonly CursorQueue _cursor;
    private IBackendChannel? _backendChannel;
    private bool _frontEndIsQemuGpu;

    public GpuDevice(GpuDeviceOptions options, IDisplaySink sink)
    {
        _sink = sink;
        _state = new GpuState(sink, options.MaxHostMemory);
        _config = new GpuConfigSpace(options.ConfigScanouts);
        _control = new ControlQueue(_state);
        _cursor = new CursorQueue(_state);
    }

    public int QueueCount => 2;

    public ulong Features => GpuFeatures.Offered;

    public ulong ProtocolFeatures => (ulong)GpuFeatures.ProtocolOffered;

    /// <summary>Bytes of host memory the guest's resources take now.</summary>
    public long HostMemoryUsed
    {
        get
        {
            lock (_gate)
            {
                return _state.Resources.Budget.Used;
            }
        }
    }

    /// <summary>Resources shared under a UUID now.</summary>
    public int SharedObjectCount => _state.Exports.Registry.Count;

    public int ResourceCount
    {
        get
        {
            lock (_gate)
            {
                return _state.Resources.Count;
            }
        }
    }

    /// <summary>2D commands behave the same whatever the driver accepted; the set is only worth a log line.</summary>
    public void AcknowledgeFeatures(ulong features) =>
        Log.Info?.Write("gpu", $"driver accepted features 0x{features:x}{((features & GpuFeatures.Edid) != 0 ? " (EDID)" : "")}");

    public bool ReadConfig(uint offset, Span<byte> data)
    {
        lock (_gate)
        {
            return _config.TryRead(offset, data);
        }
    }

    public bool WriteConfig(uint offset, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_config.TryWrite(offset, data))
            {
                return true;
            }
        }
        Log.Warning?.Write("gpu", $"config write of {data.Length} bytes at {offset} refused: only events_clear is writable");
        return false;
    }

    public void ProcessQueue(IVirtqueue queue)
    {
        lock (_gate)
        {
            switch (queue.Index)
            {
                case ControlQueueIndex:
                    _control.Process(queue);
                    break;
                case CursorQueueIndex:
                    _cursor.Process(queue);
                    break;
                default:
                    throw new InvalidOperationException($"virtio-gpu has no queue {queue.Index}");
            }
        }
    }

    public void QueueStopping(IVirtqueue queue)
    {
        lock (_gate)
        {
            if (queue.Index == ControlQueueIndex)
            {
                _control.Stopping(queue);
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _control.Forget();
            _state.Clear();
        }
        Log.Info?.Write("gpu", "device reset: resources, scanouts and cursor destroyed");
    }

    public void SessionEnded()
    {
        lock (_gate)
        {
            _control.Forget();
            _state.Clear();
            _frontEndIsQemuGpu = false;
        }
    }

    /// <summary>
    /// Kept for <see cref="NotifyDisplayChanged"/> and for SHARED_OBJECT_ADD / REMOVE of resources
    /// with a UUID. When the channel goes (the session ends) every shared object is withdrawn while
    /// the channel can still say so; this waits for those sends, each bounded by the channel's ack
    /// timeout.
    /// </summary>
    public void AttachBackendChannel(IBackendChannel? channel)
    {
        lock (_gate)
        {
            if (channel == null)
            {
                _state.Exports.WithdrawAll();
            }
            _backendChannel = channel;
            _state.Exports.Channel = channel;
        }
        if (channel == null)
        {
            _state.Exports.DrainAnnouncements();
        }
    }

    /// <summary>GET_SHARED_OBJECT: a new descriptor for a resource's pixels by UUID, or null. Takes no device lock.</summary>
    public FileDescriptor? OpenSharedObject(Guid uuid)
    {
        var descriptor = _state.Exports.Registry.TryOpen(uuid, out var layout, out int errno);
        if (descriptor != null)
        {
            Log.Info?.Write("gpu", $"shared object {uuid} handed out ({layout})");
        }
        else if (errno != 0)
        {
            Log.Warning?.Write("gpu", $"shared object {uuid} cannot be handed out: {Errno.Describe(errno)}");
        }
        return descriptor;
    }

    /// <summary>
    /// The display's preferred modes changed (a viewer window was resized): raises
    /// VIRTIO_GPU_EVENT_DISPLAY in events_read and sends CONFIG_CHANGE_MSG, so the driver reads the
    /// config and asks for display info again. Any thread. QEMU's vhost-user-gpu front-end (known
    /// by its GPU_SET_SOCKET) keeps events_read to itself and refuses the message (protocol
    /// reference 1.6, 4.1), so it is not sent there: behind QEMU the guest sees the new mode at its
    /// next GET_DISPLAY_INFO.
    /// </summary>
    public void NotifyDisplayChanged()
    {
        IBackendChannel? channel;
        lock (_gate)
        {
            _config.RaiseDisplayEvent();
            channel = _frontEndIsQemuGpu ? null : _backendChannel;
        }
        if (channel is null)
        {
            Log.Info?.Write("gpu", "display changed; no back-end channel to tell the front-end, the guest sees it at its next display query");
            return;
        }
        channel.NotifyConfigChanged();
    }

    public bool? HandleDeviceMessage(uint request, ReadOnlySpan<byte> payload, List<FileDescriptor> fds)
    {
        if (request != GpuSetSocketRequest)
        {
            return null;
        }
        if (payload.Length != 0 || fds.Count != 1)
        {
            Log.Warning?.Write("gpu", $"GPU_SET_SOCKET with {payload.Length} payload bytes and {fds.Count} fds refused: expected 0 and 1");
            return false;
        }
        var socket = fds[0];
        fds.RemoveAt(0);
        lock (_gate)
        {
            // Only QEMU's vhost-user-gpu front-end sends this, and it refuses CONFIG_CHANGE_MSG.
            _frontEndIsQemuGpu = true;
        }
        if (_sink is IDisplayChannelSink channelSink)
        {
            channelSink.AttachSocket(socket);
        }
        else
        {
            Log.Info?.Write("gpu", $"GPU_SET_SOCKET: the {_sink.GetType().Name} display does not use QEMU's display socket; closed it");
            socket.Dispose();
        }
        return true;
    }
}
