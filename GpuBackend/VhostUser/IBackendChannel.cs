namespace VhostGpu.VhostUser;

/// <summary>
/// The back-end request channel (SET_BACKEND_REQ_FD) as a device uses it. Sends never block the
/// caller for long; a failure is reported as false and logged by the channel. With REPLY_ACK a
/// request waits (bounded) for the front-end's ack, which the front-end cannot send while it waits
/// for us on the main socket: call from a thread that the protocol thread never waits for.
/// </summary>
public interface IBackendChannel
{
    /// <summary>Whether VHOST_USER_PROTOCOL_F_SHARED_OBJECT was negotiated, so the shared-object messages may be sent.</summary>
    bool SharesObjects { get; }

    /// <summary>BACKEND_CONFIG_CHANGE_MSG: tells the front-end the config space changed.</summary>
    bool NotifyConfigChanged();

    /// <summary>BACKEND_SHARED_OBJECT_ADD: this back-end exports the object <paramref name="uuid"/>.</summary>
    bool AddSharedObject(Guid uuid);

    /// <summary>BACKEND_SHARED_OBJECT_REMOVE: this back-end no longer exports <paramref name="uuid"/>.</summary>
    bool RemoveSharedObject(Guid uuid);
}
