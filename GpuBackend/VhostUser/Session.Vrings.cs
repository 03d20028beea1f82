using VhostGpu.Diagnostics;
using VhostGpu.Interop;
using VhostGpu.VhostUser.Messages;
using VhostGpu.Virtio;

namespace VhostGpu.VhostUser;

// Vring configuration and lifecycle (reference 1.7).
public sealed partial class Session
{
    private string? SetVringNumRequest(Transport.Message m)
    {
        if (ReadVringState(m, out var state, out var ring) is { } error)
        {
            return error;
        }
        if (state.Num == 0 || state.Num > Vring.MaxSize || (state.Num & (state.Num - 1)) != 0)
        {
            return $"vring {state.Index} size {state.Num} is not a power of two in 1..{Vring.MaxSize}";
        }
        if (ring.IsStarted)
        {
            return $"vring {state.Index} is running";
        }
        ring.Size = (ushort)state.Num;
        return null;
    }

    private string? SetVringBaseRequest(Transport.Message m)
    {
        if (ReadVringState(m, out var state, out var ring) is { } error)
        {
            return error;
        }
        if (state.Num > ushort.MaxValue)
        {
            return $"vring {state.Index} base 0x{state.Num:x} has bits above the split ring's 16-bit index";
        }
        if (ring.IsStarted)
        {
            return $"vring {state.Index} is running";
        }
        ring.Base = (ushort)state.Num;
        return null;
    }

    private string? SetVringEnableRequest(Transport.Message m)
    {
        if (ReadVringState(m, out var state, out var ring) is { } error)
        {
            return error;
        }
        if (state.Num > 1)
        {
            return $"vring {state.Index} enable value {state.Num}";
        }
        ring.Enabled = state.Num == 1;
        return null;
    }

    private string? SetVringAddrRequest(Transport.Message m)
    {
        if (ExpectFds(m, 0) is { } fdError)
        {
            return fdError;
        }
        if (!VringAddress.TryRead(m.Payload, out var address, out string? error))
        {
            return error;
        }
        if (RingAt(address.Index, out var ring) is { } indexError)
        {
            return indexError;
        }
        if (!ring.IsStarted)
        {
            return ring.SetAddress(address);
        }
        if (!ring.TryPause())
        {
            return "the queue handler is stuck";
        }
        try
        {
            return ring.SetAddress(address);
        }
        finally
        {
            ring.Resume();
        }
    }

    /// <summary>GET_VRING_BASE stops the ring and answers the next avail index to process.</summary>
    private bool GetVringBaseRequest(Transport.Message m)
    {
        string? error = ReadVringState(m, out var state, out var ring);
        ushort next = 0;
        if (error == null)
        {
            next = ring.Stop();
            Log.Info?.Write(Component, $"vring {state.Index} stopped at avail index {next}");
        }
        else
        {
            Log.Warning?.Write(Component, $"{Describe(m)} refused: {error}");
        }
        Span<byte> payload = stackalloc byte[VringState.Size];
        new VringState(state.Index, next).Write(payload);
        return Reply(m, payload);
    }

    private string? SetVringKickRequest(Transport.Message m)
    {
        if (ReadVringFile(m, out var file, out var ring) is { } error)
        {
            return error;
        }
        ring.Stop();
        // Without a kick fd the spec has the back-end poll the ring.
        var kick = file.NoFd ? null : new EventFd(m.Fds.TakeSingle()!);
        error = ring.Start(kick, _ackedFeatures, WithInflightTracking);
        if (error == null)
        {
            Log.Info?.Write(Component, $"vring {file.Index} started (size {ring.Size}, avail index {ring.Base}{(kick == null ? ", polling" : "")})");
        }
        return error;
    }

    private string? SetVringFdRequest(Transport.Message m, Func<Vring, SignalSlot> slot)
    {
        if (ReadVringFile(m, out var file, out var ring) is { } error)
        {
            return error;
        }
        slot(ring).Replace(file.NoFd ? null : new EventFd(m.Fds.TakeSingle()!));
        return null;
    }

    private IVirtqueue WithInflightTracking(SplitQueue queue)
    {
        if (_inflight?.Queue(queue.Index) is not { } region)
        {
            return queue;
        }
        if (_memory.TryReadUInt16Acquire(queue.Layout.UsedIndexAddress, out ushort usedIndex))
        {
            region.Reconcile(usedIndex);
        }
        var pending = region.PendingHeads();
        if (pending.Count != 0)
        {
            Log.Info?.Write(Component, $"vring {queue.Index}: resubmitting {pending.Count} requests left in flight by the previous connection (heads {string.Join(", ", pending)})");
        }
        return new InflightTrackingQueue(queue, region, pending);
    }

    private string? ReadVringState(Transport.Message m, out VringState state, out Vring ring)
    {
        ring = null!;
        if (!VringState.TryRead(m.Payload, out state))
        {
            return $"payload of {m.Header.Size} bytes, {VringState.Size} expected";
        }
        return ExpectFds(m, 0) ?? RingAt(state.Index, out ring);
    }

    private string? ReadVringFile(Transport.Message m, out VringFile file, out Vring ring)
    {
        ring = null!;
        if (!VringFile.TryRead(m.Payload, out file, out string? error))
        {
            return error;
        }
        return ExpectFds(m, file.NoFd ? 0 : 1) ?? RingAt(file.Index, out ring);
    }

    private string? RingAt(uint index, out Vring ring)
    {
        ring = index < _rings.Length ? _rings[index] : null!;
        return ring == null ? $"vring index {index} out of range (the device has {_rings.Length})" : null;
    }
}
