using VhostGpu.Interop;

namespace VhostGpu.Display;

/// <summary>
/// A sink that talks to its display over a socket handed in by the front-end (GPU_SET_SOCKET,
/// vhost-user request 33). QEMU sends a new socket each time the device starts.
/// </summary>
public interface IDisplayChannelSink
{
    /// <summary>Adopts <paramref name="socket"/> (ownership passes to the sink), replacing any previous one.</summary>
    void AttachSocket(FileDescriptor socket);
}
