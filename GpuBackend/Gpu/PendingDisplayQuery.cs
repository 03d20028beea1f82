using VhostGpu.Display;
using VhostGpu.Gpu.Wire;
using VhostGpu.Virtio;

namespace VhostGpu.Gpu;

/// <summary>A control command parked while the display answers GET_DISPLAY_INFO or GET_EDID.</summary>
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

    public override int WriteResponse(GpuState state, Span<byte> response)
    {
        int length = ControlHeader.Size;
        var result = ResponseType.ErrUnspec;
        if (Type == ControlType.GetDisplayInfo)
        {
            if (_displayInfo is { } info)
            {
                DisplayInfoResponse.WriteModes(response, info);
                length = DisplayInfoResponse.Size;
                result = ResponseType.OkDisplayInfo;
            }
            else
            {
                state.Errors.Report("display gave no display info", "answered ERR_UNSPEC");
            }
        }
        else if (_edid is { Length: > 0 and <= EdidResponse.MaxEdidLength } edid)
        {
            EdidResponse.WriteEdid(response, edid);
            length = EdidResponse.Size;
            result = ResponseType.OkEdid;
        }
        else
        {
            state.Errors.Report("display gave no usable EDID", $"{_edid?.Length ?? 0} bytes, answered ERR_INVALID_PARAMETER");
            result = ResponseType.ErrInvalidParameter;
        }
        Header.WriteResponse(response, result);
        return length;
    }

    // Exactly once: a second completion from a misbehaving sink is ignored.
    private bool TryBeginAnswer() => Interlocked.CompareExchange(ref _answered, 1, 0) == 0;

    private void FinishAnswer()
    {
        Volatile.Write(ref _answered, 2);
        Wake();
    }
}
