using VhostGpu.Interop;
using VhostGpu.Virtio;

namespace VhostGpu.VhostUser;

/// <summary>
/// A virtio device served over vhost-user. The session owns the protocol, memory and rings; the
/// device owns what the queues carry. Calls come from two kinds of threads: the protocol thread
/// (features, config, reset, lifecycle) and one worker thread per queue (ProcessQueue,
/// QueueStopping); the device synchronises its own state between them.
/// </summary>
public interface IVhostUserDevice
{
    /// <summary>Number of virtqueues (GET_QUEUE_NUM).</summary>
    int QueueCount { get; }

    /// <summary>Virtio feature bits offered (device and transport bits; the session adds VHOST_USER_F_PROTOCOL_FEATURES).</summary>
    ulong Features { get; }

    /// <summary>Protocol feature bits the device itself needs offered (e.g. CONFIG); the session adds its own.</summary>
    ulong ProtocolFeatures { get; }

    /// <summary>The driver's accepted feature set (SET_FEATURES), before queues start.</summary>
    void AcknowledgeFeatures(ulong features);

    /// <summary>GET_CONFIG: fill <paramref name="data"/> from config space at <paramref name="offset"/>; false refuses the read.</summary>
    bool ReadConfig(uint offset, Span<byte> data);

    /// <summary>SET_CONFIG: false refuses the write.</summary>
    bool WriteConfig(uint offset, ReadOnlySpan<byte> data);

    /// <summary>The queue has work (kick, start, enable, or the device's own RequestProcessing). Worker thread; must not block on I/O.</summary>
    void ProcessQueue(IVirtqueue queue);

    /// <summary>The queue is about to stop (GET_VRING_BASE, disconnect): complete or Unpop any parked chain. Worker thread.</summary>
    void QueueStopping(IVirtqueue queue);

    /// <summary>The device is reset (RESET_DEVICE, RESET_OWNER): destroy all device state. No queue is running.</summary>
    void Reset();

    /// <summary>The front-end has gone: release everything tied to the session. No queue is running.</summary>
    void SessionEnded();

    /// <summary>The back-end request channel became available (or null when it is gone).</summary>
    void AttachBackendChannel(IBackendChannel? channel);

    /// <summary>
    /// GET_SHARED_OBJECT (protocol thread): a new descriptor for the object this device exports
    /// under <paramref name="uuid"/>, owned by the caller; null when the UUID is unknown. Must not
    /// wait for queue work.
    /// </summary>
    FileDescriptor? OpenSharedObject(Guid uuid) => null;

    /// <summary>
    /// A front-end message that only this device type understands (e.g. GPU_SET_SOCKET). Takes
    /// ownership of <paramref name="fds"/> it keeps (removing them from the list); returns null
    /// when the request is not the device's, else whether it succeeded.
    /// </summary>
    bool? HandleDeviceMessage(uint request, ReadOnlySpan<byte> payload, List<FileDescriptor> fds);
}
