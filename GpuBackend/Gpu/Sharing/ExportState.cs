namespace VhostGpu.Gpu.Sharing;

/// <summary>Where a resource's shared-object announcement stands.</summary>
internal enum ExportState
{
    /// <summary>Registered here only: no back-end channel, or the front-end did not negotiate shared objects.</summary>
    Local,

    /// <summary>SHARED_OBJECT_ADD queued or waiting for its ack.</summary>
    Announcing,

    /// <summary>The front-end took the ADD.</summary>
    Announced,

    /// <summary>The ADD failed (refused, no ack, channel gone).</summary>
    Refused,
}
