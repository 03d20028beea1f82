using VhostGpu.Display;
using VhostGpu.Gpu.Wire;
using VhostGpu.Virtio;

namespace VhostGpu.Gpu;

/// <summary>
/// A control command parked while the display answers GET_DISPLAY_INFO or GET_EDID. The sink's
/// completion may run on any thread; a second completion from a misbehaving sink is ignored.
/// </summary>
internal sealed class PendingDisplayQuery(IVirtqueue queue, DescriptorChain chain, ControlHeader header)
    : ParkedCommand(queue, chain, header)
{
    private int _answered;
    private DisplayInfo? _displayInfo;
    private byte[]? _edid;

    public override bool IsAnswered => Volatile.Read(ref _answered) == 2;

    public void AnswerDisplayInfo(DisplayInfo? info)
    {
        if (TryBeginAnswer())
        {
            _displayInfo = info;
            FinishAnswer();
        }
    }

    public void AnswerEdid(byte[]? edid)
    {
        if (TryBeginAnswer())
        {
            _edid = edid;
            FinishAnswer();
        }
    }

    public override (ResponseType Result, int Length) Encode(GpuState state, Span<byte> response) =>
        Type == ControlType.GetDisplayInfo ? EncodeDisplayInfo(state, response) : EncodeEdid(state, response);

    private (ResponseType Result, int Length) EncodeDisplayInfo(GpuState state, Span<byte> response)
    {
        if (_displayInfo is not { } info)
        {
            state.Errors.Report("GetDisplayInfo answered ErrUnspec", "the display could not answer");
            return (ResponseType.ErrUnspec, ControlHeader.Size);
        }
        DisplayInfoResponse.WriteModes(response, info);
        return (ResponseType.OkDisplayInfo, DisplayInfoResponse.Size);
    }

    private (ResponseType Result, int Length) EncodeEdid(GpuState state, Span<byte> response)
    {
        if (_edid is not { Length: > 0 and <= EdidResponse.MaxEdidLength } edid)
        {
            state.Errors.Report("GetEdid answered ErrInvalidParameter", $"the display gave {_edid?.Length ?? 0} EDID bytes");
            return (ResponseType.ErrInvalidParameter, ControlHeader.Size);
        }
        EdidResponse.WriteEdid(response, edid);
        return (ResponseType.OkEdid, EdidResponse.Size);
    }

    private bool TryBeginAnswer() => Interlocked.CompareExchange(ref _answered, 1, 0) == 0;

    private void FinishAnswer()
    {
        Volatile.Write(ref _answered, 2);
        Wake();
    }
}
