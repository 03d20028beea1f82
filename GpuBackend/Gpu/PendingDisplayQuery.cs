using VhostGpu.Display;
using VhostGpu.Gpu.Wire;
using VhostGpu.Virtio;

namespace VhostGpu.Gpu;

/// <summary>
/// A control command parked while the display answers GET_DISPLAY_INFO or GET_EDID. The sink's
/// completion may run on any thread: it only stores the answer and wakes the queue's worker,
/// which writes the response. Once the command is abandoned (its chain given back to the ring)
/// a late answer is dropped.
/// </summary>
internal sealed class PendingDisplayQuery(IVirtqueue queue, DescriptorChain chain, ControlHeader header)
{
    private int _answered;
    private volatile bool _abandoned;
    private DisplayInfo? _displayInfo;
    private byte[]? _edid;

    public DescriptorChain Chain { get; } = chain;

    public ControlHeader Header { get; } = header;

    public ControlType Type => (ControlType)Header.Type;

    public bool IsAnswered => Volatile.Read(ref _answered) == 2;

    public DisplayInfo? DisplayInfo => _displayInfo;

    public byte[]? Edid => _edid;

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

    public void Abandon() => _abandoned = true;

    // Exactly once: a second completion from a misbehaving sink is ignored.
    private bool TryBeginAnswer() => Interlocked.CompareExchange(ref _answered, 1, 0) == 0;

    private void FinishAnswer()
    {
        Volatile.Write(ref _answered, 2);
        if (!_abandoned)
        {
            queue.RequestProcessing();
        }
    }
}
