namespace VhostGpu.TestSupport.FrontEnd;

/// <summary>Front-end request ids as vhost-user.rst numbers them, written out independently of the daemon's own table.</summary>
public static class VhostUserRequest
{
    public const uint GetFeatures = 1;
    public const uint SetFeatures = 2;
    public const uint SetOwner = 3;
    public const uint ResetOwner = 4;
    public const uint SetMemTable = 5;
    public const uint SetLogBase = 6;
    public const uint SetLogFd = 7;
    public const uint SetVringNum = 8;
    public const uint SetVringAddr = 9;
    public const uint SetVringBase = 10;
    public const uint GetVringBase = 11;
    public const uint SetVringKick = 12;
    public const uint SetVringCall = 13;
    public const uint SetVringErr = 14;
    public const uint GetProtocolFeatures = 15;
    public const uint SetProtocolFeatures = 16;
    public const uint GetQueueNum = 17;
    public const uint SetVringEnable = 18;
    public const uint SendRarp = 19;
    public const uint NetSetMtu = 20;
    public const uint SetBackendReqFd = 21;
    public const uint IotlbMsg = 22;
    public const uint SetVringEndian = 23;
    public const uint GetConfig = 24;
    public const uint SetConfig = 25;
    public const uint CreateCryptoSession = 26;
    public const uint CloseCryptoSession = 27;
    public const uint PostcopyAdvise = 28;
    public const uint PostcopyListen = 29;
    public const uint PostcopyEnd = 30;
    public const uint GetInflightFd = 31;
    public const uint SetInflightFd = 32;
    public const uint GpuSetSocket = 33;
    public const uint ResetDevice = 34;
    public const uint VringKick = 35;
    public const uint GetMaxMemSlots = 36;
    public const uint AddMemReg = 37;
    public const uint RemMemReg = 38;
    public const uint SetStatus = 39;
    public const uint GetStatus = 40;
    public const uint GetSharedObject = 41;
    public const uint SetDeviceStateFd = 42;
    public const uint CheckDeviceState = 43;
    public const uint GetShmemConfig = 44;

    /// <summary>Header flags: version 1, and NEED_REPLY (0x8) when an ack is wanted.</summary>
    public const uint Version1 = 0x1;
    public const uint NeedReply = 0x8;

    /// <summary>The only flags a back-end reply may carry.</summary>
    public const uint ReplyFlags = 0x5;
}
