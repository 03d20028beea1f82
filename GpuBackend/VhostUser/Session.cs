using VhostGpu.Diagnostics;
using VhostGpu.Interop;
using VhostGpu.Memory;
using VhostGpu.Transport;
using VhostGpu.VhostUser.Messages;
using static VhostGpu.VhostUser.FrontEndRequest;

namespace VhostGpu.VhostUser;

/// <summary>
/// One front-end connection: reads requests, answers them and owns everything they create
/// (memory maps, rings and their workers, eventfds, the back-end channel, the inflight area).
/// Each dispatch arm checks, decodes, calls and acks; payload syntax is checked by the payload
/// types, negotiated features and indices here. When the connection ends, all of it is released.
/// </summary>
public sealed partial class Session : IDisposable
{
    private const string Component = "vhost-user";

    private const ProtocolFeature ImplementedProtocolFeatures =
        ProtocolFeature.Mq | ProtocolFeature.ReplyAck | ProtocolFeature.BackendReq | ProtocolFeature.Config
        | ProtocolFeature.InflightShmfd | ProtocolFeature.ResetDevice | ProtocolFeature.ConfigureMemSlots | ProtocolFeature.Status;

    private readonly MessageChannel _channel;
    private readonly IVhostUserDevice _device;
    private readonly GuestMemoryMap _memory = new();
    private readonly SignalSlot _logChanged = new();
    private readonly Vring[] _rings;
    private ulong _ackedFeatures;
    private ProtocolFeature _ackedProtocolFeatures;
    private byte _status;
    private DirtyLog? _dirtyLog;
    private InflightArea? _inflight;
    private BackendChannel? _backendChannel;
    private string? _fatal;

    public Session(MessageChannel channel, IVhostUserDevice device, SessionOptions options)
    {
        _channel = channel;
        _device = device;
        OfferedFeatures = device.Features | TransportFeature.ProtocolFeatures | (options.OfferDirtyLogging ? TransportFeature.LogAll : 0);
        OfferedProtocolFeatures = ImplementedProtocolFeatures | (ProtocolFeature)device.ProtocolFeatures
            | (options.OfferDirtyLogging ? ProtocolFeature.LogShmfd : 0);
        _rings = new Vring[device.QueueCount];
        for (int i = 0; i < _rings.Length; i++)
        {
            _rings[i] = new Vring(i, device, _memory, _logChanged);
        }
    }

    public ulong OfferedFeatures { get; }

    public ProtocolFeature OfferedProtocolFeatures { get; }

    /// <summary>Serves requests until the front-end disconnects or breaks the protocol, then releases everything.</summary>
    public void Run()
    {
        try
        {
            while (_fatal == null && _channel.Receive(out var message) == ReceiveStatus.Message)
            {
                using (message)
                {
                    if (!Dispatch(message!))
                    {
                        break;
                    }
                }
            }
            if (_fatal != null)
            {
                Log.Warning?.Write(Component, $"closing the connection: {_fatal}");
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Thread-safe: makes <see cref="Run"/> return (as if the front-end had disconnected).</summary>
    public void Shutdown() => _channel.Shutdown();

    public void Dispose() => _channel.Dispose();

    private bool Negotiated(ProtocolFeature feature) => (_ackedProtocolFeatures & feature) == feature;

    private bool Dispatch(Message m) => (FrontEndRequest)m.Header.Request switch
    {
        _ when !m.Header.HasValidVersion || m.Header.IsReply => Ack(m, $"flags 0x{m.Header.Flags:x} are not a version-1 request"),
        GetFeatures => Query(m, OfferedFeatures),
        SetFeatures => Ack(m, SetFeaturesRequest(m)),
        SetOwner => Ack(m, ExpectEmpty(m)),
        ResetOwner => Ack(m, ExpectEmpty(m) ?? ResetRingsAndDevice("RESET_OWNER")),
        SetMemTable => Ack(m, SetMemTableRequest(m)),
        SetLogBase => SetLogBaseRequest(m),
        SetLogFd => Ack(m, SetLogFdRequest(m)),
        SetVringNum => Ack(m, SetVringNumRequest(m)),
        SetVringAddr => Ack(m, SetVringAddrRequest(m)),
        SetVringBase => Ack(m, SetVringBaseRequest(m)),
        GetVringBase => GetVringBaseRequest(m),
        SetVringKick => Ack(m, SetVringKickRequest(m)),
        SetVringCall => Ack(m, SetVringFdRequest(m, r => r.Call)),
        SetVringErr => Ack(m, SetVringFdRequest(m, r => r.Error)),
        GetProtocolFeatures => Query(m, (ulong)OfferedProtocolFeatures),
        SetProtocolFeatures => Ack(m, SetProtocolFeaturesRequest(m)),
        GetQueueNum => Query(m, (ulong)_rings.Length),
        SetVringEnable => Ack(m, SetVringEnableRequest(m)),
        SetBackendReqFd => Ack(m, SetBackendReqFdRequest(m)),
        GetConfig => GetConfigRequest(m),
        SetConfig => Ack(m, SetConfigRequest(m)),
        GetInflightFd => GetInflightFdRequest(m),
        SetInflightFd => Ack(m, SetInflightFdRequest(m)),
        ResetDevice => Ack(m, Gate(ProtocolFeature.ResetDevice) ?? ExpectEmpty(m) ?? ResetRingsAndDevice("RESET_DEVICE")),
        GetMaxMemSlots => Query(m, SessionOptions.MaxMemorySlots),
        AddMemReg => Ack(m, AddMemRegRequest(m)),
        RemMemReg => Ack(m, RemMemRegRequest(m)),
        SetStatus => Ack(m, SetStatusRequest(m)),
        GetStatus => Query(m, _status),
        SendRarp or NetSetMtu or SetVringEndian or CloseCryptoSession or VringKick => Ack(m, NotOffered(m)),
        GetSharedObject => GetSharedObjectRequest(m),
        IotlbMsg or PostcopyAdvise or PostcopyListen or PostcopyEnd or CheckDeviceState => Reply(m, NotOfferedStatus(m)),
        CreateCryptoSession => CreateCryptoSessionRefusal(m),
        SetDeviceStateFd => Reply(m, NotOfferedStatus(m) | DeviceStateNoFd),
        GetShmemConfig => GetShmemConfigRefusal(m),
        _ => DeviceRequest(m),
    };

    /// <summary>GPU_SET_SOCKET and any id we do not know: the device's, or refused.</summary>
    private bool DeviceRequest(Message m)
    {
        bool? handled = _device.HandleDeviceMessage(m.Header.Request, m.Payload, m.Fds.List);
        return Ack(m, handled switch
        {
            null => $"unknown request {m.Header.Request} ({m.Header.Size} bytes, {m.Fds.Count} fds)",
            false => "the device refused it",
            true => null,
        });
    }

    /// <summary>Ends an acked request: logs a refusal, and answers u64 0 / 1 when the front-end asked for it.</summary>
    private bool Ack(Message m, string? refusal)
    {
        if (refusal != null)
        {
            Log.Warning?.Write(Component, $"{Describe(m)} refused: {refusal}");
        }
        return !m.Header.NeedsReply || Reply(m, refusal == null ? 0UL : 1UL);
    }

    /// <summary>A query with a u64 answer; fds it should not carry are closed with a note.</summary>
    private bool Query(Message m, ulong value)
    {
        if (m.Fds.Count != 0 || m.Header.Size != 0)
        {
            Log.Warning?.Write(Component, $"{Describe(m)}: ignoring {m.Header.Size} payload bytes and {m.Fds.Count} fds");
        }
        return Reply(m, value);
    }

    private bool Reply(Message m, ulong value)
    {
        Span<byte> payload = stackalloc byte[U64Payload.Size];
        new U64Payload(value).Write(payload);
        return Reply(m, payload);
    }

    private bool Reply(Message m, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default) =>
        _channel.Send(new MessageHeader(m.Header.Request, MessageHeader.ReplyFlags, (uint)payload.Length), payload, fds);

    private string? Gate(ProtocolFeature feature) =>
        Negotiated(feature) ? null : $"protocol feature {feature} was not negotiated";

    private static string? ExpectEmpty(Message m) =>
        m.Header.Size != 0 ? $"unexpected payload of {m.Header.Size} bytes" : ExpectFds(m, 0);

    private static string? ExpectFds(Message m, int count) =>
        m.Fds.Count == count ? null : $"{m.Fds.Count} fds attached, {count} expected";

    private static string Describe(Message m) =>
        Enum.IsDefined((FrontEndRequest)m.Header.Request) ? $"{(FrontEndRequest)m.Header.Request} ({m.Header.Request})" : $"request {m.Header.Request}";

    private void Release()
    {
        foreach (var ring in _rings)
        {
            ring.Dispose();
        }
        _device.AttachBackendChannel(null);
        _backendChannel?.Dispose();
        _backendChannel = null;
        _memory.DirtyLog = null;
        _dirtyLog?.Dispose();
        _dirtyLog = null;
        _logChanged.Dispose();
        _inflight?.Dispose();
        _inflight = null;
        _memory.Clear();
        _device.SessionEnded();
        Log.Info?.Write(Component, "front-end disconnected; session state released");
    }
}
