using System.Buffers.Binary;
using VhostGpu.Interop;
using VhostGpu.Memory;
using static VhostGpu.TestSupport.FrontEnd.VhostUserRequest;

namespace VhostGpu.TestSupport.FrontEnd;

// One typed helper per front-end message.
public sealed partial class VhostUserFrontEnd
{
    public const ulong NoFd = 0x100;

    public ulong GetFeatures() => Call(VhostUserRequest.GetFeatures);

    public ulong? SetFeatures(ulong features, bool needReply = true) => Request(VhostUserRequest.SetFeatures, U64(features), needReply: needReply);

    public ulong? SetOwner(bool needReply = true) => Request(VhostUserRequest.SetOwner, needReply: needReply);

    public ulong? ResetOwner(bool needReply = true) => Request(VhostUserRequest.ResetOwner, needReply: needReply);

    public ulong GetProtocolFeatures() => Call(VhostUserRequest.GetProtocolFeatures);

    public ulong? SetProtocolFeatures(ulong features, bool needReply = true) => Request(VhostUserRequest.SetProtocolFeatures, U64(features), needReply: needReply);

    public ulong GetQueueNum() => Call(VhostUserRequest.GetQueueNum);

    public ulong GetMaxMemSlots() => Call(VhostUserRequest.GetMaxMemSlots);

    public ulong? SetMemTable(params (MemoryRegionDescriptor Region, FileDescriptor Fd)[] regions) =>
        Request(VhostUserRequest.SetMemTable, MemTable([.. regions.Select(r => r.Region)]), [.. regions.Select(r => r.Fd.Value)]);

    public ulong? AddMemReg(MemoryRegionDescriptor region, FileDescriptor fd) => Request(VhostUserRequest.AddMemReg, MemRegMsg(region), [fd.Value]);

    public ulong? RemMemReg(MemoryRegionDescriptor region) => Request(VhostUserRequest.RemMemReg, MemRegMsg(region));

    /// <summary>SET_LOG_BASE has a reply of its own (u64 0 = mapped).</summary>
    public ulong SetLogBase(FileDescriptor log, ulong size, ulong offset = 0) => Call(VhostUserRequest.SetLogBase, LogBase(size, offset), [log.Value]);

    public ulong? SetLogFd(EventFd fd) => Request(VhostUserRequest.SetLogFd, [], [fd.Descriptor.Value]);

    public ulong? SetVringNum(uint index, uint num) => Request(VhostUserRequest.SetVringNum, VringState(index, num));

    public ulong? SetVringBase(uint index, uint num) => Request(VhostUserRequest.SetVringBase, VringState(index, num));

    public ulong? SetVringAddr(uint index, ulong desc, ulong used, ulong avail, uint flags = 0, ulong log = 0) =>
        Request(VhostUserRequest.SetVringAddr, VringAddr(index, desc, used, avail, flags, log));

    /// <summary>GET_VRING_BASE: stops the ring; returns (index, next avail index).</summary>
    public (uint Index, uint Num) GetVringBase(uint index)
    {
        Send(VhostUserRequest.GetVringBase, VringState(index, 0));
        using var reply = ReceiveReplyTo(VhostUserRequest.GetVringBase);
        if (reply.Payload.Length != 8)
        {
            throw new InvalidDataException($"GET_VRING_BASE reply of {reply.Payload.Length} bytes");
        }
        return (BinaryPrimitives.ReadUInt32LittleEndian(reply.Payload), BinaryPrimitives.ReadUInt32LittleEndian(reply.Payload.AsSpan(4)));
    }

    public ulong? SetVringKick(uint index, EventFd? fd) => VringFile(VhostUserRequest.SetVringKick, index, fd);

    public ulong? SetVringCall(uint index, EventFd? fd) => VringFile(VhostUserRequest.SetVringCall, index, fd);

    public ulong? SetVringErr(uint index, EventFd? fd) => VringFile(VhostUserRequest.SetVringErr, index, fd);

    public ulong? SetVringEnable(uint index, bool enable) => Request(VhostUserRequest.SetVringEnable, VringState(index, enable ? 1u : 0u));

    public ulong? SetBackendReqFd(FileDescriptor fd) => Request(VhostUserRequest.SetBackendReqFd, [], [fd.Value]);

    /// <summary>GET_CONFIG: the reply's data (empty when the back-end refused).</summary>
    public byte[] GetConfig(uint offset, uint size)
    {
        Send(VhostUserRequest.GetConfig, Config(offset, size));
        using var reply = ReceiveReplyTo(VhostUserRequest.GetConfig);
        uint replySize = BinaryPrimitives.ReadUInt32LittleEndian(reply.Payload.AsSpan(4));
        if (reply.Payload.Length != 12 + replySize)
        {
            throw new InvalidDataException($"GET_CONFIG reply of {reply.Payload.Length} bytes announces {replySize} data bytes");
        }
        return reply.Payload[12..];
    }

    public ulong? SetConfig(uint offset, ReadOnlySpan<byte> data) => Request(VhostUserRequest.SetConfig, Config(offset, (uint)data.Length, 0, data));

    /// <summary>GET_INFLIGHT_FD: the reply's geometry and the area's fd (null when none was attached).</summary>
    public (ulong MmapSize, ulong MmapOffset, FileDescriptor? Fd) GetInflightFd(ushort queues, ushort queueSize)
    {
        Send(VhostUserRequest.GetInflightFd, Inflight(0, 0, queues, queueSize));
        var reply = ReceiveReplyTo(VhostUserRequest.GetInflightFd);
        if (reply.Payload.Length != 24 || reply.Fds.Length > 1)
        {
            reply.Dispose();
            throw new InvalidDataException($"GET_INFLIGHT_FD reply of {reply.Payload.Length} bytes with {reply.Fds.Length} fds");
        }
        return (BinaryPrimitives.ReadUInt64LittleEndian(reply.Payload), BinaryPrimitives.ReadUInt64LittleEndian(reply.Payload.AsSpan(8)), reply.Fds.FirstOrDefault());
    }

    public ulong? SetInflightFd(FileDescriptor fd, ulong mmapSize, ulong mmapOffset, ushort queues, ushort queueSize) =>
        Request(VhostUserRequest.SetInflightFd, Inflight(mmapSize, mmapOffset, queues, queueSize), [fd.Value]);

    /// <summary>GPU_SET_SOCKET: QEMU sends it without asking for a reply.</summary>
    public ulong? GpuSetSocket(FileDescriptor fd, bool needReply = false) => Request(VhostUserRequest.GpuSetSocket, [], [fd.Value], needReply);

    /// <summary>GET_SHARED_OBJECT: the reply (the caller disposes it, and with it any fd it carries).</summary>
    public Reply GetSharedObject(Guid uuid)
    {
        var payload = new byte[16];
        uuid.TryWriteBytes(payload, bigEndian: true, out _);
        Send(VhostUserRequest.GetSharedObject, payload);
        return ReceiveReplyTo(VhostUserRequest.GetSharedObject);
    }

    public ulong? ResetDevice(bool needReply = true) => Request(VhostUserRequest.ResetDevice, needReply: needReply);

    public ulong? SetStatus(byte status) => Request(VhostUserRequest.SetStatus, U64(status));

    public ulong GetStatus() => Call(VhostUserRequest.GetStatus);

    private ulong? VringFile(uint request, uint index, EventFd? fd) =>
        Request(request, U64(index | (fd == null ? NoFd : 0)), fd == null ? [] : [fd.Descriptor.Value]);
}
