using VhostGpu.Interop;
using VhostGpu.Memory;
using VhostGpu.TestSupport.Guest;

namespace VhostGpu.TestSupport.FrontEnd;

// QEMU 10's sequence for vhost-user-gpu-pci (protocol reference 2.2 A, B and C).
public sealed partial class VhostUserFrontEnd
{
    /// <summary>Protocol features QEMU 10 knows (bits 0-19 less XEN_MMAP); it masks the offer with them.</summary>
    public const ulong QemuKnownProtocolFeatures = 0xF_FFFF & ~(1UL << 17);

    public const ulong FeatureVersion1 = 1UL << 32;
    public const ulong RingReset = 1UL << 40;
    public const ulong ProtocolFeaturesBit = 1UL << 30;
    public const ulong EventIdx = 1UL << 29;
    public const ulong IndirectDesc = 1UL << 28;

    private const ulong MqBit = 1UL << 0;
    private const ulong ReplyAckBit = 1UL << 3;
    private const ulong BackendReqBit = 1UL << 5;
    private const ulong ResetDeviceBit = 1UL << 13;
    private const ulong MemSlotsBit = 1UL << 15;

    /// <summary>
    /// Realize, driver probe and DRIVER_OK as QEMU performs them: negotiation, owner, notifiers,
    /// resets, config reads, then memory, rings, enable and the final irqfds. Acks are requested
    /// where QEMU requests them; the rest is checked with a closing GET_FEATURES barrier.
    /// </summary>
    public HandshakeResult QemuHandshake(GuestRam ram, IReadOnlyList<DriverQueue> queues, IReadOnlyList<QueueNotifiers> notifiers,
        FileDescriptor? backendChannel = null, FileDescriptor? gpuSocket = null)
    {
        // A. realize
        ulong offered = GetFeatures();
        ulong offeredProtocol = GetProtocolFeatures();
        ulong protocol = offeredProtocol & QemuKnownProtocolFeatures;
        Expect(SetProtocolFeatures(protocol, needReply: false), "SET_PROTOCOL_FEATURES");
        ulong queueCount = (protocol & MqBit) != 0 ? GetQueueNum() : 1;
        if ((protocol & MemSlotsBit) != 0)
        {
            GetMaxMemSlots();
        }
        if ((protocol & BackendReqBit) != 0 && backendChannel != null)
        {
            Expect(SetBackendReqFd(backendChannel), "SET_BACKEND_REQ_FD");
        }
        SetOwner(needReply: false);
        GetFeatures();
        for (uint i = 0; i < queues.Count; i++)
        {
            Request(VhostUserRequest.SetVringCall, U64(i), [notifiers[(int)i].Call.Descriptor.Value], needReply: false);
            Request(VhostUserRequest.SetVringErr, U64(i), [notifiers[(int)i].Error.Descriptor.Value], needReply: false);
        }
        if ((protocol & ResetDeviceBit) != 0)
        {
            ResetDevice(needReply: false);
            // B. driver probe
            ResetDevice(needReply: false);
        }
        GetConfig(0, 16);
        GetConfig(0, 16);

        // C. DRIVER_OK
        if (gpuSocket != null)
        {
            GpuSetSocket(gpuSocket);
        }
        ulong acked = (offered & (0xFF_FFFFUL | FeatureVersion1 | EventIdx | IndirectDesc)) | ProtocolFeaturesBit | RingReset;
        Expect(SetFeatures(acked, needReply: false), "SET_FEATURES");
        bool ack = (protocol & ReplyAckBit) != 0;
        if ((protocol & MemSlotsBit) != 0)
        {
            Expect(Request(VhostUserRequest.AddMemReg, MemRegMsg(ram.Descriptor), [ram.Fd.Value], ack), "ADD_MEM_REG");
        }
        else
        {
            Expect(Request(VhostUserRequest.SetMemTable, MemTable(ram.Descriptor), [ram.Fd.Value], ack), "SET_MEM_TABLE");
        }
        for (uint i = 0; i < queues.Count; i++)
        {
            var q = queues[(int)i];
            q.EventIdx = (acked & EventIdx) != 0;
            Request(VhostUserRequest.SetVringNum, VringState(i, q.Size), needReply: false);
            Request(VhostUserRequest.SetVringBase, VringState(i, q.AvailIndex), needReply: false);
            Request(VhostUserRequest.SetVringAddr, VringAddr(i, ram.ToUserAddress(q.Layout.DescriptorTable), ram.ToUserAddress(q.Layout.UsedRing), ram.ToUserAddress(q.Layout.AvailRing)), needReply: false);
            Request(VhostUserRequest.SetVringKick, U64(i), [notifiers[(int)i].Kick.Descriptor.Value], needReply: false);
        }
        for (uint i = 0; i < queues.Count; i++)
        {
            Expect(Request(VhostUserRequest.SetVringEnable, VringState(i, 1), needReply: ack), $"SET_VRING_ENABLE({i})");
        }
        for (uint i = 0; i < queues.Count; i++)
        {
            Request(VhostUserRequest.SetVringCall, U64(i), [notifiers[(int)i].Call.Descriptor.Value], needReply: false);
        }
        GetFeatures();
        return new HandshakeResult(offered, acked, offeredProtocol, protocol, queueCount);
    }

    private static void Expect(ulong? status, string what)
    {
        if (status is { } s && s != 0)
        {
            throw new InvalidOperationException($"{what} was refused (status {s})");
        }
    }
}
