using VhostGpu.Interop;

namespace VhostGpu.Transport;

/// <summary>
/// The descriptors that arrived with one message. Owns them until a handler takes one; whatever is
/// left is closed on dispose, so every error path releases them by leaving the using block.
/// </summary>
public sealed class ReceivedFds : IDisposable
{
    private readonly List<FileDescriptor> _fds;

    public ReceivedFds(List<FileDescriptor> fds) => _fds = fds;

    public int Count => _fds.Count;

    /// <summary>The underlying list, for device handlers that take what they keep by removing it.</summary>
    public List<FileDescriptor> List => _fds;

    /// <summary>Takes ownership of the only descriptor; null unless exactly one arrived.</summary>
    public FileDescriptor? TakeSingle()
    {
        if (_fds.Count != 1)
        {
            return null;
        }
        var fd = _fds[0];
        _fds.Clear();
        return fd;
    }

    /// <summary>Takes ownership of all descriptors, in arrival order.</summary>
    public FileDescriptor[] TakeAll()
    {
        var all = _fds.ToArray();
        _fds.Clear();
        return all;
    }

    public void Dispose()
    {
        foreach (var fd in _fds)
        {
            fd.Dispose();
        }
        _fds.Clear();
    }
}
