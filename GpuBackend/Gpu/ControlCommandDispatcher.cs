using System.Buffers.Binary;
using System.Text;
using VhostGpu.Gpu.Commands;
using VhostGpu.Gpu.Wire;
using VhostGpu.Memory;

namespace VhostGpu.Gpu;

/// <summary>
/// Runs the control commands that complete at once: decode, handle, report a guest error once.
/// (GET_DISPLAY_INFO and GET_EDID wait for the display; <see cref="ControlQueue"/> handles them.)
/// </summary>
internal static class ControlCommandDispatcher
{
    public static ResponseType Execute(GpuState state, IGuestMemory memory, ControlType type, ReadOnlySpan<byte> request)
    {
        var result = type switch
        {
            ControlType.ResourceCreate2D => ResourceCreate2DRequest.TryRead(request, out var create)
                ? CreateResource2DCommand.Execute(state, create) : ShortRequest,
            ControlType.ResourceUnref => ResourceIdRequest.TryRead(request, out var unref)
                ? UnrefResourceCommand.Execute(state, unref) : ShortRequest,
            ControlType.SetScanout => SetScanoutRequest.TryRead(request, out var scanout)
                ? SetScanoutCommand.Execute(state, scanout) : ShortRequest,
            ControlType.ResourceFlush => ResourceFlushRequest.TryRead(request, out var flush)
                ? ResourceFlushCommand.Execute(state, flush) : ShortRequest,
            ControlType.TransferToHost2D => TransferToHost2DRequest.TryRead(request, out var transfer)
                ? TransferToHost2DCommand.Execute(state, memory, transfer) : ShortRequest,
            ControlType.ResourceAttachBacking => AttachBackingRequest.TryRead(request, out var attach)
                ? AttachBackingCommand.Execute(state, memory, attach) : ShortRequest,
            ControlType.ResourceDetachBacking => ResourceIdRequest.TryRead(request, out var detach)
                ? DetachBackingCommand.Execute(state, detach) : ShortRequest,
            // num_capsets is 0: every capset index and id is out of range.
            ControlType.GetCapsetInfo or ControlType.GetCapset => CapsetRequest.TryRead(request, out _)
                ? ResponseType.ErrInvalidParameter : ShortRequest,
            // Unknown and 3D commands (contrib and QEMU answer the same).
            _ => ResponseType.ErrUnspec,
        };
        if (result >= ResponseType.ErrUnspec)
        {
            state.Errors.Report($"{Name(type)} answered {result}", Describe(request));
        }
        return result;
    }

    /// <summary>The answer to a request shorter than its struct: contrib's (QEMU's built-in device answers OK_NODATA without acting).</summary>
    public const ResponseType ShortRequest = ResponseType.ErrInvalidParameter;

    /// <summary>The request's fields after the header as hex words: enough to see what the guest asked for.</summary>
    public static string Describe(ReadOnlySpan<byte> request)
    {
        var words = request[Math.Min(request.Length, ControlHeader.Size)..];
        int count = Math.Min(words.Length / 4, 8);
        var text = new StringBuilder($"{request.Length}-byte request");
        for (int i = 0; i < count; i++)
        {
            text.Append(i == 0 ? ": " : " ").Append($"{BinaryPrimitives.ReadUInt32LittleEndian(words[(4 * i)..]):x}");
        }
        return text.ToString();
    }

    public static string Name(ControlType type) => Enum.IsDefined(type) ? type.ToString() : $"0x{(uint)type:x4}";
}
