namespace VhostGpu.VhostUser;

/// <summary>Back-end → front-end request ids on the SET_BACKEND_REQ_FD channel (vhost-user.rst "Back-end message types").</summary>
public enum BackendRequest : uint
{
    IotlbMsg = 1,
    ConfigChangeMsg = 2,
    VringHostNotifierMsg = 3,
    VringCall = 4,
    VringErr = 5,
    SharedObjectAdd = 6,
    SharedObjectRemove = 7,
    SharedObjectLookup = 8,
    ShmemMap = 9,
    ShmemUnmap = 10,
}
