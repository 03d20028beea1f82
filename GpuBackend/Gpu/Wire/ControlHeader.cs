using System.Buffers.Binary;

namespace VhostGpu.Gpu.Wire;

/// <summary>
/// virtio_gpu_ctrl_hdr, the first 24 bytes of every request and response (protocol reference 4.2):
/// <code>
///  0  u32 type      4  u32 flags (bit 0 FENCE, bit 1 INFO_RING_IDX)
///  8  u64 fence_id
/// 16  u32 ctx_id   20  u8 ring_idx   21  u8 pad[3]
/// </code>
/// </summary>
public readonly record struct ControlHeader(uint Type, uint Flags, ulong FenceId, uint ContextId, byte RingIndex)
{
    public const int Size = 24;
    public const uint FlagFence = 1;

    public bool HasFence => (Flags & FlagFence) != 0;

    public static bool TryRead(ReadOnlySpan<byte> request, out ControlHeader header)
    {
        if (request.Length < Size)
        {
            header = default;
            return false;
        }
        header = new ControlHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(request),
            BinaryPrimitives.ReadUInt32LittleEndian(request[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(request[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(request[16..]),
            request[20]);
        return true;
    }

    /// <summary>
    /// Writes the response header for this request: the result type, and when the request was
    /// fenced the FENCE flag with its fence_id and ctx_id echoed; everything else zero.
    /// </summary>
    public void WriteResponse(Span<byte> response, ResponseType type)
    {
        var h = response[..Size];
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)type);
        if (HasFence)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[4..], FlagFence);
            BinaryPrimitives.WriteUInt64LittleEndian(h[8..], FenceId);
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], ContextId);
        }
    }
}
