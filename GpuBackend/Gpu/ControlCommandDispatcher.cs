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
                ? CreateResource2DCommand.Execute(state, create) : Short(state, type, request),
            ControlType.ResourceUnref => ResourceIdRequest.TryRead(request, out var unref)
                ? UnrefResourceCommand.Execute(state, unref) : Short(state, type, request),
            ControlType.SetScanout => SetScanoutRequest.TryRead(request, out var scanout)
                ? SetScanoutCommand.Execute(state, scanout) : Short(state, type, request),
            ControlType.ResourceFlush => ResourceFlushRequest.TryRead(request, out var flush)
                ? ResourceFlushCommand.Execute(state, flush) : Short(state, type, request),
            ControlType.TransferToHost2D => TransferToHost2DRequest.TryRead(request, out var transfer)
                ? TransferToHost2DCommand.Execute(state, memory, transfer) : Short(state, type, request),
            ControlType.ResourceAttachBacking => AttachBackingRequest.TryRead(request, out var attach)
                ? AttachBackingCommand.Execute(state, memory, attach) : Short(state, type, request),
            ControlType.ResourceDetachBacking => ResourceIdRequest.TryRead(request, out var detach)
                ? DetachBackingCommand.Execute(state, detach) : Short(state, type, request),
            // num_capsets is 0: every capset index and id is out of range.
            ControlType.GetCapsetInfo or ControlType.GetCapset => CapsetRequest.TryRead(request, out _)
                ? ResponseType.ErrInvalidParameter : Short(state, type, request),
            _ => Unsupported(state, type),
        };
        if (result >= ResponseType.ErrUnspec)
        {
            state.Errors.Report($"{Name(type)} answered {result}", $"{request.Length}-byte request");
        }
        return result;
    }

    /// <summary>A request shorter than its struct (contrib's answer; QEMU's built-in device answers nothing useful).</summary>
    public static ResponseType Short(GpuState state, ControlType type, ReadOnlySpan<byte> request)
    {
        state.Errors.Report($"short {Name(type)}", $"{request.Length} bytes");
        return ResponseType.ErrInvalidParameter;
    }

    private static ResponseType Unsupported(GpuState state, ControlType type)
    {
        state.Errors.Report($"unsupported command {Name(type)}", "answered ERR_UNSPEC");
        return ResponseType.ErrUnspec;
    }

    public static string Name(ControlType type) => Enum.IsDefined(type) ? type.ToString() : $"0x{(uint)type:x4}";
}
