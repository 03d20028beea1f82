using VhostGpu.Gpu.Commands;
using VhostGpu.Gpu.Scanouts;
using VhostGpu.Gpu.Wire;
using VhostGpu.Memory;
using VhostGpu.Virtio;

namespace VhostGpu.Gpu;

/// <summary>
/// Serves the control queue: every chain gets exactly one response, in order. A command that
/// needs an answer from outside (the display, or the front-end's ack of a shared object) parks the
/// queue (nothing more is popped) until the answer arrives; the completion wakes the worker, which
/// finishes the command here.
/// Called on the control queue's worker thread with the device lock held.
/// </summary>
internal sealed class ControlQueue(GpuState state)
{
    /// <summary>The largest request worth reading: an attach_backing with QEMU's maximum of entries.</summary>
    public const int MaxRequestLength = AttachBackingRequest.Size + (int)AttachBackingRequest.MaxEntries * MemoryEntry.Size;

    private readonly byte[] _request = new byte[MaxRequestLength];
    private readonly byte[] _response = new byte[EdidResponse.Size];
    private ParkedCommand? _pending;

    public void Process(IVirtqueue queue)
    {
        var memory = queue.Memory;
        bool pushed = false;
        while (true)
        {
            if (_pending != null)
            {
                if (!_pending.IsAnswered)
                {
                    break;
                }
                FinishPending(queue, memory);
                pushed = true;
                continue;
            }
            if (!queue.TryPop(out var chain))
            {
                break;
            }
            pushed |= Handle(queue, memory, chain);
        }
        if (pushed)
        {
            queue.NotifyIfNeeded();
        }
    }

    /// <summary>The queue stops: a parked command is finished if answered, else given back to the ring to be popped again.</summary>
    public void Stopping(IVirtqueue queue)
    {
        if (_pending == null)
        {
            return;
        }
        if (_pending.IsAnswered)
        {
            FinishPending(queue, queue.Memory);
            queue.NotifyIfNeeded();
            return;
        }
        _pending.Abandon();
        queue.Unpop(_pending.Chain);
        _pending = null;
    }

    /// <summary>Drops a parked command without touching the ring (reset and disconnect, when no queue runs).</summary>
    public void Forget()
    {
        _pending?.Abandon();
        _pending = null;
    }

    /// <summary>Handles one popped chain; returns whether it was pushed (false when it is parked).</summary>
    private bool Handle(IVirtqueue queue, IGuestMemory memory, DescriptorChain chain)
    {
        var reader = new ChainReader(memory, chain);
        var request = _request.AsSpan(0, reader.Read(_request.AsSpan(0, (int)Math.Min(chain.ReadableLength, MaxRequestLength))));
        if (!ControlHeader.TryRead(request, out var header))
        {
            state.Errors.Report("request shorter than the control header", $"{request.Length} bytes");
            return Respond(queue, memory, chain, default, ResponseType.ErrInvalidParameter);
        }
        var type = (ControlType)header.Type;
        return type switch
        {
            ControlType.GetDisplayInfo => StartDisplayInfoQuery(queue, chain, header),
            ControlType.GetEdid => StartEdidQuery(queue, memory, chain, header, request),
            ControlType.ResourceAssignUuid => StartUuidAssignment(queue, memory, chain, header, request),
            _ => Respond(queue, memory, chain, header, ControlCommandDispatcher.Execute(state, memory, type, request)),
        };
    }

    private bool StartDisplayInfoQuery(IVirtqueue queue, DescriptorChain chain, ControlHeader header)
    {
        var query = new PendingDisplayQuery(queue, chain, header);
        _pending = query;
        state.Sink.QueryDisplayInfo(query.AnswerDisplayInfo);
        return false;
    }

    private bool StartEdidQuery(IVirtqueue queue, IGuestMemory memory, DescriptorChain chain, ControlHeader header, ReadOnlySpan<byte> request)
    {
        // QEMU never answers GET_EDID for a scanout it does not have: refuse it here instead of waiting.
        if (!GetEdidRequest.TryRead(request, out var edid) || !ScanoutTable.IsValidId(edid.ScanoutId))
        {
            state.Errors.Report("GetEdid answered ErrInvalidParameter", ControlCommandDispatcher.Describe(request));
            return Respond(queue, memory, chain, header, ResponseType.ErrInvalidParameter);
        }
        var query = new PendingDisplayQuery(queue, chain, header);
        _pending = query;
        state.Sink.QueryEdid((int)edid.ScanoutId, query.AnswerEdid);
        return false;
    }

    private bool StartUuidAssignment(IVirtqueue queue, IGuestMemory memory, DescriptorChain chain, ControlHeader header, ReadOnlySpan<byte> request)
    {
        if (!ResourceIdRequest.TryRead(request, out var assign))
        {
            state.Errors.Report("ResourceAssignUuid answered ErrInvalidParameter", ControlCommandDispatcher.Describe(request));
            return Respond(queue, memory, chain, header, ControlCommandDispatcher.ShortRequest);
        }
        var result = AssignUuidCommand.Execute(state, assign, out var export);
        if (export == null)
        {
            return Respond(queue, memory, chain, header, result);
        }
        // Parked even when already announced: the loop in Process answers a settled command at once.
        _pending = new PendingUuidAssignment(queue, chain, header, export);
        return false;
    }

    private void FinishPending(IVirtqueue queue, IGuestMemory memory)
    {
        var pending = _pending!;
        _pending = null;
        var response = _response.AsSpan();
        response.Clear();
        var (result, length) = pending.Encode(state, response);
        pending.Header.WriteResponse(response, result);
        WriteAndPush(queue, memory, pending.Chain, response[..length]);
    }

    /// <summary>Answers with a bare header; returns true (the chain was pushed).</summary>
    private bool Respond(IVirtqueue queue, IGuestMemory memory, DescriptorChain chain, ControlHeader header, ResponseType result)
    {
        var response = _response.AsSpan(0, ControlHeader.Size);
        header.WriteResponse(response, result);
        WriteAndPush(queue, memory, chain, response);
        return true;
    }

    /// <summary>Writes what fits of the response (a short buffer gets a truncated one) and reports that length.</summary>
    private static void WriteAndPush(IVirtqueue queue, IGuestMemory memory, DescriptorChain chain, ReadOnlySpan<byte> response)
    {
        var writer = new ChainWriter(memory, chain);
        writer.Write(response);
        queue.Push(chain, writer.Written);
    }
}
