namespace VhostGpu.VhostUser;

/// <summary>
/// The back-end request channel (SET_BACKEND_REQ_FD) as a device uses it. Sends never block the
/// caller for long; a failure is reported as false and logged by the channel.
/// </summary>
public interface IBackendChannel
{
    /// <summary>BACKEND_CONFIG_CHANGE_MSG: tells the front-end the config space changed.</summary>
    bool NotifyConfigChanged();
}
