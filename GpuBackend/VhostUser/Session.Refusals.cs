using System.Buffers.Binary;
using VhostGpu.Diagnostics;
using VhostGpu.Transport;

namespace VhostGpu.VhostUser;

// Requests for features this back-end never offers. The front-end must not send them; when one does,
// it gets the failure answer that request's own reply format has, so nothing waits in vain.
public sealed partial class Session
{
    /// <summary>SET_DEVICE_STATE_FD reply bit 8: no fd accompanies the reply.</summary>
    private const ulong DeviceStateNoFd = 0x100;

    /// <summary>GET_SHMEM_CONFIG reply: u32 count, u32 padding, u64 sizes[256].</summary>
    private const int ShmemConfigSize = 8 + (8 * 256);

    private static readonly Dictionary<FrontEndRequest, string> RequiredFeature = new()
    {
        [FrontEndRequest.SendRarp] = "protocol feature RARP",
        [FrontEndRequest.NetSetMtu] = "protocol feature NET_MTU",
        [FrontEndRequest.SetVringEndian] = "protocol feature CROSS_ENDIAN",
        [FrontEndRequest.CreateCryptoSession] = "protocol feature CRYPTO_SESSION",
        [FrontEndRequest.CloseCryptoSession] = "protocol feature CRYPTO_SESSION",
        [FrontEndRequest.VringKick] = "protocol feature INBAND_NOTIFICATIONS",
        [FrontEndRequest.IotlbMsg] = "VIRTIO_F_ACCESS_PLATFORM (vIOMMU)",
        [FrontEndRequest.PostcopyAdvise] = "protocol feature PAGEFAULT",
        [FrontEndRequest.PostcopyListen] = "protocol feature PAGEFAULT",
        [FrontEndRequest.PostcopyEnd] = "protocol feature PAGEFAULT",
        [FrontEndRequest.SetDeviceStateFd] = "protocol feature DEVICE_STATE",
        [FrontEndRequest.CheckDeviceState] = "protocol feature DEVICE_STATE",
        [FrontEndRequest.GetShmemConfig] = "protocol feature SHMEM",
    };

    /// <summary>The reason for refusing a request of a feature we never offer; its fds are closed with the message.</summary>
    private static string NotOffered(Message m) => $"needs {RequiredFeature[(FrontEndRequest)m.Header.Request]}, which this back-end does not offer";

    /// <summary>For requests whose reply is a u64 status: logs and returns the failure value 1.</summary>
    private static ulong NotOfferedStatus(Message m)
    {
        Log.Warning?.Write(Component, $"{Describe(m)} refused: {NotOffered(m)}");
        return 1;
    }

    /// <summary>CREATE_CRYPTO_SESSION answers with the session record; a negative session id means failure.</summary>
    private bool CreateCryptoSessionRefusal(Message m)
    {
        Log.Warning?.Write(Component, $"{Describe(m)} refused: {NotOffered(m)}");
        var reply = m.Payload.Length >= sizeof(long) ? m.Payload.ToArray() : new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(reply, -1);
        return Reply(m, reply);
    }

    /// <summary>GET_SHMEM_CONFIG: no shared memory regions.</summary>
    private bool GetShmemConfigRefusal(Message m)
    {
        Log.Warning?.Write(Component, $"{Describe(m)} refused: {NotOffered(m)}");
        return Reply(m, new byte[ShmemConfigSize]);
    }
}
