namespace VhostGpu.Transport;

/// <summary>One received message: header, its payload (exactly header.Size bytes) and its descriptors.</summary>
public sealed class Message(MessageHeader header, byte[] payload, ReceivedFds fds) : IDisposable
{
    public MessageHeader Header { get; } = header;

    public ReadOnlySpan<byte> Payload => payload;

    public ReceivedFds Fds { get; } = fds;

    public void Dispose() => Fds.Dispose();
}
