using VhostGpu.Diagnostics;
using VhostGpu.Transport;
using VhostGpu.VhostUser.Messages;

namespace VhostGpu.VhostUser;

// GET_SHARED_OBJECT: another device, through the front-end, asks for an object this back-end exports.
public sealed partial class Session
{
    /// <summary>
    /// The reply echoes the request's UUID (VhostUserShared, 16 bytes) and carries the object's
    /// descriptor; "not found" is the same reply without a descriptor (vhost-user.rst: "or no fd
    /// otherwise"; QEMU then fails the lookup). A malformed or ungated request gets that answer too,
    /// so the front-end never waits in vain. The device looks the object up without waiting for
    /// queue work, and the descriptor sent is a duplicate the front-end owns.
    /// </summary>
    private bool GetSharedObjectRequest(Message m)
    {
        string? error = Gate(ProtocolFeature.SharedObject) ?? ExpectFds(m, 0);
        SharedObjectPayload request = default;
        if (error == null && !SharedObjectPayload.TryRead(m.Payload, out request))
        {
            error = $"payload of {m.Header.Size} bytes, {SharedObjectPayload.Size} expected";
        }
        using var descriptor = error == null ? _device.OpenSharedObject(request.Uuid) : null;
        if (error != null)
        {
            Log.Warning?.Write(Component, $"{Describe(m)} refused: {error}");
        }
        else if (descriptor == null)
        {
            Log.Info?.Write(Component, $"{Describe(m)}: no shared object {request.Uuid}");
        }
        Span<byte> payload = stackalloc byte[SharedObjectPayload.Size];
        request.Write(payload);
        return descriptor == null ? Reply(m, payload) : Reply(m, payload, [descriptor.Value]);
    }
}
