using VhostGpu.Bench.Guest;
using VhostGpu.Bench.Session;

namespace VhostGpu.Bench.Workloads;

/// <summary>Every frame a full TRANSFER_TO_HOST_2D + RESOURCE_FLUSH of a B8G8R8X8 scanout (full-1080p, full-4k).</summary>
public sealed class FullFrameWorkload(string name, uint width, uint height, uint chunkBytes) : Workload
{
    private const uint ResourceId = 1;
    private GuestResource? _resource;
    private ulong _frame;

    public override string Name => name;

    public override string OperationName => "frames";

    public override int DisplayWidth => (int)width;

    public override int DisplayHeight => (int)height;

    public override long BytesPerOperation => (long)width * height * 4;

    public override ulong GuestBytes => (ulong)BytesPerOperation + chunkBytes;

    public override void Setup(BenchSession session)
    {
        _resource = session.CreateResource(ResourceId, GpuRequest.FormatB8G8R8X8, width, height, chunkBytes);
        session.ShowOnScanout(_resource);
    }

    public override void Step(BenchSession session, StepRecorder recorder)
    {
        var resource = _resource ?? throw new InvalidOperationException("Setup first");
        _frame++;
        recorder.Stamp.Clear();
        recorder.Stamp.Write(resource, resource.Bounds, _frame);
        long start = session.BeginStep((long)resource.Bounds.Area, 0);
        session.SubmitControl(GpuRequest.Transfer(session.NextControlRequest(), resource.Id, resource.Bounds, 0, fence: _frame));
        session.SubmitControl(GpuRequest.Flush(session.NextControlRequest(), resource.Id, resource.Bounds));
        session.Kick();
        session.AwaitDisplay($"frame {_frame}", () => recorder.Stamp.AllShownOnScanout(session));
        session.AwaitControl();
        var watch = session.Watch;
        recorder.Operation(start, watch.Timestamp(watch.Count - 1));
        recorder.Delivered(watch.Area * 4);
        recorder.Stamp.VerifyScanout(session);
    }
}
