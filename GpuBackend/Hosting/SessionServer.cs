using VhostGpu.Diagnostics;
using VhostGpu.Interop;
using VhostGpu.Transport;
using VhostGpu.VhostUser;

namespace VhostGpu.Hosting;

/// <summary>
/// Serves one front-end at a time for the daemon's device: on a listening socket (the next
/// connection is accepted after each disconnect, so QEMU can reconnect) or on an inherited one.
/// <see cref="Stop"/> may be called from any thread (signal handlers).
/// </summary>
public sealed class SessionServer(IVhostUserDevice device, SessionOptions options)
{
    private const string Component = "server";

    private readonly object _gate = new();
    private FileDescriptor? _listener;
    private Session? _current;
    private bool _stopping;

    /// <summary>Listens at <paramref name="path"/> until stopped; the socket file is removed at the end. Returns the exit status.</summary>
    public int ServeListening(string path)
    {
        if (PrepareSocketPath(path) is { } problem)
        {
            Log.Error?.Write(Component, problem);
            return 1;
        }
        FileDescriptor listener;
        try
        {
            listener = UnixSocket.Listen(path);
        }
        catch (Exception e) when (e is NativeException or ArgumentException)
        {
            Log.Error?.Write(Component, $"cannot listen on {path}: {e.Message}");
            return 1;
        }
        try
        {
            lock (_gate)
            {
                _listener = listener;
                if (_stopping)
                {
                    return 0;
                }
            }
            Log.Info?.Write(Component, $"listening on {path}");
            while (UnixSocket.Accept(listener) is { } connection)
            {
                Serve(connection);
                if (Volatile.Read(ref _stopping))
                {
                    break;
                }
            }
            return 0;
        }
        finally
        {
            lock (_gate)
            {
                _listener = null;
            }
            listener.Dispose();
            File.Delete(path);
            Log.Info?.Write(Component, $"stopped; {path} removed");
        }
    }

    /// <summary>Serves the connected socket <paramref name="fd"/> (--fd) until the front-end closes it.</summary>
    public int ServeInherited(int fd)
    {
        Serve(new FileDescriptor(fd));
        return 0;
    }

    public void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            if (_listener != null)
            {
                UnixSocket.Shutdown(_listener);
            }
            _current?.Shutdown();
        }
    }

    private void Serve(FileDescriptor connection)
    {
        using var session = new Session(new MessageChannel(connection, "vhost-user"), device, options);
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }
            _current = session;
        }
        Log.Info?.Write(Component, "front-end connected");
        try
        {
            session.Run();
        }
        finally
        {
            lock (_gate)
            {
                _current = null;
            }
        }
    }

    /// <summary>A stale socket (nobody listening) is replaced; a live one or any other file is left alone.</summary>
    private static string? PrepareSocketPath(string path)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(path) > UnixSocket.MaxPathLength)
        {
            return $"socket path longer than {UnixSocket.MaxPathLength} bytes: {path}";
        }
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return null;
        }
        if (!UnixSocket.IsSocketFile(path))
        {
            return $"{path} exists and is not a socket; refusing to replace it";
        }
        try
        {
            UnixSocket.Connect(path).Dispose();
            return $"another process is listening on {path}";
        }
        catch (NativeException)
        {
            File.Delete(path);
            Log.Info?.Write(Component, $"removed stale socket {path}");
            return null;
        }
    }
}
