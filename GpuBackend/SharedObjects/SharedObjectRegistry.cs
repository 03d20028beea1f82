using VhostGpu.Interop;

namespace VhostGpu.SharedObjects;

/// <summary>
/// The objects this back-end exports, by UUID (vhost-user shared objects). Each entry owns one
/// descriptor; GET_SHARED_OBJECT gets a duplicate of it, so a front-end that fetched an object
/// keeps valid pages after the entry is removed. UUIDs are random (RFC 4122 version 4) and never
/// derived from anything the guest controls, so a removed UUID does not come back for another
/// object. Thread-safe: the protocol thread looks objects up while the control queue adds and
/// removes them; nothing here blocks on I/O.
/// </summary>
public sealed class SharedObjectRegistry
{
    /// <summary>Each entry holds a descriptor: the cap keeps a guest from exhausting the process's.</summary>
    public const int DefaultCapacity = 1024;

    private readonly object _gate = new();
    private readonly Dictionary<Guid, Entry> _entries = [];

    public SharedObjectRegistry(int capacity = DefaultCapacity) =>
        Capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="descriptor"/> under a new UUID and takes ownership of it; null
    /// (the caller keeps the descriptor) when the registry is full.
    /// </summary>
    public Guid? TryAdd(FileDescriptor descriptor, SharedObjectLayout layout)
    {
        lock (_gate)
        {
            if (_entries.Count >= Capacity)
            {
                return null;
            }
            Guid uuid;
            do
            {
                uuid = Guid.NewGuid();
            }
            while (_entries.ContainsKey(uuid));
            _entries.Add(uuid, new Entry(descriptor, layout));
            return uuid;
        }
    }

    /// <summary>
    /// A new descriptor for the object, owned by the caller, and how the image lies in it; null
    /// when the UUID is unknown or the process is out of descriptors (<paramref name="errno"/> then
    /// says so).
    /// </summary>
    public FileDescriptor? TryOpen(Guid uuid, out SharedObjectLayout layout, out int errno)
    {
        lock (_gate)
        {
            errno = 0;
            layout = default;
            if (!_entries.TryGetValue(uuid, out var entry))
            {
                return null;
            }
            layout = entry.Layout;
            try
            {
                return entry.Descriptor.Duplicate();
            }
            catch (NativeException e)
            {
                errno = e.Errno;
                return null;
            }
        }
    }

    /// <summary>Forgets the object and closes the registry's descriptor; false when the UUID is unknown.</summary>
    public bool Remove(Guid uuid)
    {
        lock (_gate)
        {
            if (!_entries.Remove(uuid, out var entry))
            {
                return false;
            }
            entry.Descriptor.Dispose();
            return true;
        }
    }

    private sealed record Entry(FileDescriptor Descriptor, SharedObjectLayout Layout);
}
