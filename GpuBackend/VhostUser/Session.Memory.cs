using VhostGpu.Diagnostics;
using VhostGpu.Interop;
using VhostGpu.Memory;
using VhostGpu.VhostUser.Messages;

namespace VhostGpu.VhostUser;

// Memory table (reference 1.8) and dirty logging (1.9).
public sealed partial class Session
{
    private string? SetMemTableRequest(Transport.Message m)
    {
        var table = MemoryTable.TryRead(m.Payload, out string? error);
        if (table == null)
        {
            return error;
        }
        if (ExpectFds(m, table.Regions.Count) is { } fdError)
        {
            return fdError;
        }
        // Map and check the whole new table before touching the current one: a bad table changes nothing.
        var fds = m.Fds.TakeAll();
        var staged = new List<MemoryRegion>();
        var staging = new GuestMemoryMap();
        for (int i = 0; i < fds.Length && error == null; i++)
        {
            var region = MemoryRegion.TryMap(table.Regions[i], fds[i], out error);
            if (region != null)
            {
                staged.Add(region);
                staging.TryAdd(region, out error);
            }
        }
        foreach (var fd in fds)
        {
            fd.Dispose();
        }
        if (error == null && !PauseAll())
        {
            error = "a queue handler is stuck";
        }
        if (error != null)
        {
            staged.ForEach(r => r.Dispose());
            return error;
        }
        try
        {
            _memory.Clear();
            foreach (var region in staging.Regions)
            {
                _memory.TryAdd(region, out _);
            }
            RelocateRings();
        }
        finally
        {
            ResumeAll();
        }
        Log.Info?.Write(Component, $"memory table: {string.Join(", ", table.Regions)}");
        return null;
    }

    private string? AddMemRegRequest(Transport.Message m)
    {
        if ((Gate(ProtocolFeature.ConfigureMemSlots) ?? ExpectFds(m, 1)) is { } error)
        {
            return error;
        }
        if (!SingleMemoryRegion.TryRead(m.Payload, out var descriptor, out error))
        {
            return error;
        }
        if (_memory.Regions.Count >= SessionOptions.MaxMemorySlots)
        {
            return $"all {SessionOptions.MaxMemorySlots} memory slots are in use";
        }
        using var fd = m.Fds.TakeSingle()!;
        var region = MemoryRegion.TryMap(descriptor, fd, out error);
        if (region == null)
        {
            return error;
        }
        if (!PauseAll())
        {
            region.Dispose();
            return "a queue handler is stuck";
        }
        try
        {
            if (!_memory.TryAdd(region, out error))
            {
                region.Dispose();
                return error;
            }
            RelocateRings();
        }
        finally
        {
            ResumeAll();
        }
        Log.Info?.Write(Component, $"memory region added: {descriptor}");
        return null;
    }

    private string? RemMemRegRequest(Transport.Message m)
    {
        if (Gate(ProtocolFeature.ConfigureMemSlots) is { } error)
        {
            return error;
        }
        if (!SingleMemoryRegion.TryRead(m.Payload, out var descriptor, out error))
        {
            return error;
        }
        if (!PauseAll())
        {
            return "a queue handler is stuck";
        }
        try
        {
            if (!_memory.TryRemove(descriptor))
            {
                return $"no region {descriptor}";
            }
            RelocateRings();
        }
        finally
        {
            ResumeAll();
        }
        Log.Info?.Write(Component, $"memory region removed: {descriptor}");
        return null;
    }

    /// <summary>SET_LOG_BASE has a reply of its own: u64 0 when the log is mapped.</summary>
    private bool SetLogBaseRequest(Transport.Message m)
    {
        string? error = Gate(ProtocolFeature.LogShmfd) ?? ExpectFds(m, 1);
        LogDescription description = default;
        if (error == null && !LogDescription.TryRead(m.Payload, out description))
        {
            error = $"payload of {m.Header.Size} bytes, {LogDescription.Size} expected";
        }
        DirtyLog? log = null;
        if (error == null)
        {
            using var fd = m.Fds.TakeSingle()!;
            log = DirtyLog.TryMap(fd, description.MmapSize, description.MmapOffset, out error);
        }
        if (log != null && !PauseAll())
        {
            log.Dispose();
            log = null;
            error = "a queue handler is stuck";
        }
        if (log == null)
        {
            Log.Warning?.Write(Component, $"{Describe(m)} refused: {error}");
            return Reply(m, 1UL);
        }
        var old = _dirtyLog;
        _dirtyLog = log;
        _memory.DirtyLog = (_ackedFeatures & TransportFeature.LogAll) != 0 ? log : null;
        ResumeAll();
        old?.Dispose();
        Log.Info?.Write(Component, $"dirty log of {description.MmapSize} bytes mapped");
        return Reply(m, 0UL);
    }

    private string? SetLogFdRequest(Transport.Message m)
    {
        if ((ExpectFds(m, 1) ?? (m.Header.Size is 0 or U64Payload.Size ? null : $"payload of {m.Header.Size} bytes")) is { } error)
        {
            return error;
        }
        _logChanged.Replace(new EventFd(m.Fds.TakeSingle()!));
        return null;
    }

    /// <summary>Keeps every worker out of the device until <see cref="ResumeAll"/>; false (nothing held) when one is stuck.</summary>
    private bool PauseAll()
    {
        for (int i = 0; i < _rings.Length; i++)
        {
            if (!_rings[i].TryPause())
            {
                for (int j = 0; j < i; j++)
                {
                    _rings[j].Resume();
                }
                return false;
            }
        }
        return true;
    }

    private void ResumeAll()
    {
        foreach (var ring in _rings)
        {
            ring.Resume();
        }
    }

    private void RelocateRings()
    {
        foreach (var ring in _rings)
        {
            ring.Relocate();
        }
    }
}
