namespace VhostGpu.Transport;

/// <summary>How a receive ended. Anything but <see cref="Message"/> ends the connection.</summary>
public enum ReceiveStatus
{
    Message,

    /// <summary>The peer closed the connection at a message boundary.</summary>
    Closed,

    /// <summary>The stream can no longer be trusted (oversized or truncated message, lost fds, socket error).</summary>
    Broken,
}
