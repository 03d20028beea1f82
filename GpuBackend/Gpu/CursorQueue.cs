using VhostGpu.Gpu.Commands;
using VhostGpu.Gpu.Wire;
using VhostGpu.Virtio;

namespace VhostGpu.Gpu;

/// <summary>
/// Serves the cursor queue (protocol reference 4.7): no response is written, every chain is
/// returned with used length 0; short requests and unknown types are ignored.
/// Called on the cursor queue's worker thread with the device lock held.
/// </summary>
internal sealed class CursorQueue(GpuState state)
{
    public void Process(IVirtqueue queue)
    {
        Span<byte> buffer = stackalloc byte[CursorRequest.Size];
        bool pushed = false;
        while (queue.TryPop(out var chain))
        {
            var reader = new ChainReader(queue.Memory, chain);
            var request = buffer[..reader.Read(buffer)];
            if (ControlHeader.TryRead(request, out var header) && CursorRequest.TryRead(request, out var cursor))
            {
                switch ((ControlType)header.Type)
                {
                    case ControlType.UpdateCursor:
                        UpdateCursorCommand.Execute(state, cursor);
                        break;
                    case ControlType.MoveCursor:
                        MoveCursorCommand.Execute(state, cursor);
                        break;
                    default:
                        state.Errors.Report("unknown cursor command", ControlCommandDispatcher.Name((ControlType)header.Type));
                        break;
                }
            }
            else
            {
                state.Errors.Report("short cursor request", $"{request.Length} bytes");
            }
            queue.Push(chain, 0);
            pushed = true;
        }
        if (pushed)
        {
            queue.NotifyIfNeeded();
        }
    }
}
