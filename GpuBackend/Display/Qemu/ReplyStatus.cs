namespace VhostGpu.Display.Qemu;

/// <summary>Outcome of one <see cref="GpuSocketConnection.ReadReply"/> call.</summary>
internal enum ReplyStatus
{
    /// <summary>A whole message is ready.</summary>
    Complete,

    /// <summary>Part of a message arrived; the rest comes with the next readable event.</summary>
    Incomplete,

    /// <summary>End of stream or a socket error: QEMU closed its end.</summary>
    Closed,

    /// <summary>A header announced a payload no reply can have: the stream is out of step.</summary>
    Malformed,
}
