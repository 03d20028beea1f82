using VhostGpu.Diagnostics;
using VhostGpu.VhostUser.Messages;

namespace VhostGpu.VhostUser;

// Features, status, resets, config space and the back-end channel.
public sealed partial class Session
{
    private string? SetFeaturesRequest(Transport.Message m)
    {
        if (ExpectFds(m, 0) is { } fdError)
        {
            return fdError;
        }
        if (!U64Payload.TryRead(m.Payload, out var features))
        {
            return $"payload of {m.Header.Size} bytes, 8 expected";
        }
        if ((features.Value & TransportFeature.RingPacked) != 0)
        {
            _fatal = "the front-end enabled packed rings, which this back-end does not implement";
            return _fatal;
        }
        if (!PauseAll())
        {
            return "a queue handler is stuck";
        }
        try
        {
            _ackedFeatures = features.Value;
            _device.AcknowledgeFeatures(features.Value);
            _memory.DirtyLog = (features.Value & TransportFeature.LogAll) != 0 ? _dirtyLog : null;
            foreach (var ring in _rings)
            {
                ring.ApplyFeatures(features.Value);
            }
        }
        finally
        {
            ResumeAll();
        }
        // Without VHOST_USER_F_PROTOCOL_FEATURES there is no SET_VRING_ENABLE: rings are enabled from the start.
        if ((features.Value & TransportFeature.ProtocolFeatures) == 0)
        {
            foreach (var ring in _rings)
            {
                ring.Enabled = true;
            }
        }
        Log.Info?.Write(Component, $"features 0x{features.Value:x} acknowledged");
        return null;
    }

    private string? SetProtocolFeaturesRequest(Transport.Message m)
    {
        if (ExpectFds(m, 0) is { } fdError)
        {
            return fdError;
        }
        if (!U64Payload.TryRead(m.Payload, out var features))
        {
            return $"payload of {m.Header.Size} bytes, 8 expected";
        }
        var requested = (ProtocolFeature)features.Value;
        _ackedProtocolFeatures = requested & OfferedProtocolFeatures;
        Log.Info?.Write(Component, $"protocol features 0x{(ulong)_ackedProtocolFeatures:x} acknowledged");
        var unknown = requested & ~OfferedProtocolFeatures;
        return unknown == 0 ? null : $"protocol features 0x{(ulong)unknown:x} were never offered";
    }

    private string? SetStatusRequest(Transport.Message m)
    {
        if ((Gate(ProtocolFeature.Status) ?? ExpectFds(m, 0)) is { } error)
        {
            return error;
        }
        if (!U64Payload.TryRead(m.Payload, out var status) || status.Value > byte.MaxValue)
        {
            return "status is not a u64 holding one byte";
        }
        _status = (byte)status.Value;
        return null;
    }

    /// <summary>RESET_DEVICE / RESET_OWNER: stop and forget all rings, then reset the device. Notification fds survive.</summary>
    private string? ResetRingsAndDevice(string why)
    {
        foreach (var ring in _rings)
        {
            ring.ResetConfiguration();
        }
        _status = 0;
        _device.Reset();
        Log.Info?.Write(Component, $"{why}: rings stopped, device reset");
        return null;
    }

    private bool GetConfigRequest(Transport.Message m)
    {
        string? error = Gate(ProtocolFeature.Config) ?? ExpectFds(m, 0);
        ConfigPayload request = default;
        if (error == null && !ConfigPayload.TryRead(m.Payload, out request, out error))
        {
            error ??= "malformed config request";
        }
        Span<byte> data = stackalloc byte[ConfigPayload.MaxDataSize];
        data = data[..request.Data.Length];
        data.Clear();
        if (error == null && !_device.ReadConfig(request.Offset, data))
        {
            error = $"device refused to read {data.Length} config bytes at offset {request.Offset}";
        }
        if (error != null)
        {
            // A reply without data is how vhost-user signals a failed GET_CONFIG.
            Log.Warning?.Write(Component, $"{Describe(m)} refused: {error}");
            data = [];
        }
        var reply = new ConfigPayload(request.Offset, request.Flags, data);
        Span<byte> payload = stackalloc byte[reply.Length];
        reply.Write(payload);
        return Reply(m, payload);
    }

    private string? SetConfigRequest(Transport.Message m)
    {
        if ((Gate(ProtocolFeature.Config) ?? ExpectFds(m, 0)) is { } error)
        {
            return error;
        }
        if (!ConfigPayload.TryRead(m.Payload, out var request, out error))
        {
            return error;
        }
        return _device.WriteConfig(request.Offset, request.Data) ? null : $"device refused to write {request.Data.Length} config bytes at offset {request.Offset}";
    }

    private string? SetBackendReqFdRequest(Transport.Message m)
    {
        if ((Gate(ProtocolFeature.BackendReq) ?? ExpectFds(m, 1)) is { } error)
        {
            return error;
        }
        var channel = new BackendChannel(m.Fds.TakeSingle()!, Negotiated(ProtocolFeature.ReplyAck), Negotiated(ProtocolFeature.SharedObject));
        _device.AttachBackendChannel(channel);
        _backendChannel?.Dispose();
        _backendChannel = channel;
        return null;
    }

    private bool GetInflightFdRequest(Transport.Message m)
    {
        string? error = Gate(ProtocolFeature.InflightShmfd) ?? ExpectFds(m, 0) ?? NoRingStarted();
        InflightDescription request = default;
        if (error == null && !InflightDescription.TryRead(m.Payload, out request))
        {
            error = $"payload of {m.Header.Size} bytes, {InflightDescription.Size} expected";
        }
        if (error == null && request.QueueCount > _rings.Length)
        {
            error = $"{request.QueueCount} queues requested, the device has {_rings.Length}";
        }
        var area = error == null ? InflightArea.TryCreate(request.QueueCount, request.QueueSize, out error) : null;
        Span<byte> payload = stackalloc byte[InflightDescription.Size];
        if (area == null)
        {
            // mmap_size 0 and no fd: the front-end then runs without inflight tracking.
            Log.Warning?.Write(Component, $"{Describe(m)} refused: {error}");
            new InflightDescription(0, 0, request.QueueCount, request.QueueSize).Write(payload);
            return Reply(m, payload);
        }
        ReplaceInflight(area);
        area.Description.Write(payload);
        return Reply(m, payload, [area.Fd.Value]);
    }

    private string? SetInflightFdRequest(Transport.Message m)
    {
        if ((Gate(ProtocolFeature.InflightShmfd) ?? ExpectFds(m, 1) ?? NoRingStarted()) is { } error)
        {
            return error;
        }
        if (!InflightDescription.TryRead(m.Payload, out var description))
        {
            return $"payload of {m.Header.Size} bytes, {InflightDescription.Size} expected";
        }
        if (description.QueueCount > _rings.Length)
        {
            return $"{description.QueueCount} queues described, the device has {_rings.Length}";
        }
        var area = InflightArea.TryAdopt(m.Fds.TakeSingle()!, description, out error);
        if (area == null)
        {
            return error;
        }
        ReplaceInflight(area);
        return null;
    }

    // Started rings record into the current area; it can only change while they are stopped.
    private string? NoRingStarted() =>
        Array.Exists(_rings, r => r.IsStarted) ? "rings are running; stop them (GET_VRING_BASE) first" : null;

    private void ReplaceInflight(InflightArea area)
    {
        var old = _inflight;
        _inflight = area;
        old?.Dispose();
    }
}
