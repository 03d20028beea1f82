using VhostGpu.Bench.Guest;
using VhostGpu.Bench.Session;

namespace VhostGpu.Bench.Workloads;

/// <summary>
/// Small damage on a 1080p scanout (typing, widgets): each step submits a batch of 64x64
/// TRANSFER + FLUSH pairs at pseudo-random, non-overlapping positions with one kick. An operation
/// is one rectangle; its latency runs from submission to the arrival of its UPDATE.
/// </summary>
public sealed class DamageWorkload(uint width, uint height, int batch, uint chunkBytes) : Workload
{
    public const uint Side = 64;
    private const uint ResourceId = 1;

    private readonly Rect[] _rects = new Rect[batch];
    private readonly Random _random = new(6);
    private GuestResource? _resource;
    private ulong _step;

    public override string Name => "damage";

    public override string OperationName => "rects";

    public override int DisplayWidth => (int)width;

    public override int DisplayHeight => (int)height;

    public override long BytesPerOperation => Side * Side * 4;

    public override ulong GuestBytes => ((ulong)width * height * 4) + chunkBytes;

    public override void Setup(BenchSession session)
    {
        // Two chains of two descriptors per rectangle.
        if (batch * 4 > BenchSession.ControlQueueSize)
        {
            throw new ArgumentException($"a batch of {batch} rectangles does not fit the {BenchSession.ControlQueueSize}-entry control queue");
        }
        _resource = session.CreateResource(ResourceId, GpuRequest.FormatB8G8R8X8, width, height, chunkBytes);
        session.ShowOnScanout(_resource);
    }

    public override void Step(BenchSession session, StepRecorder recorder)
    {
        var resource = _resource ?? throw new InvalidOperationException("Setup first");
        _step++;
        PlaceRects();
        recorder.Stamp.Clear();
        foreach (var r in _rects)
        {
            recorder.Stamp.Write(resource, r, _step);
        }
        long start = session.BeginStep(batch * (long)Side * Side, 0);
        foreach (var r in _rects)
        {
            session.SubmitControl(GpuRequest.Transfer(session.NextControlRequest(), resource.Id, r, resource.OffsetOf(r.X, r.Y), fence: _step));
            session.SubmitControl(GpuRequest.Flush(session.NextControlRequest(), resource.Id, r));
        }
        session.Kick();
        session.AwaitDisplay($"damage step {_step}", () => recorder.Stamp.AllShownOnScanout(session));
        session.AwaitControl();
        RecordArrivals(session.Watch, start, recorder);
        recorder.Stamp.VerifyScanout(session);
    }

    // Each rectangle's latency ends when the last UPDATE covering part of it arrived.
    private void RecordArrivals(DisplayWatch watch, long start, StepRecorder recorder)
    {
        foreach (var r in _rects)
        {
            long arrival = 0;
            for (int i = 0; i < watch.Count; i++)
            {
                var m = watch.Message(i);
                if (r.Overlaps(new Rect(m.X, m.Y, m.Width, m.Height)))
                {
                    arrival = watch.Timestamp(i);
                }
            }
            if (arrival == 0)
            {
                recorder.Stamp.Fail($"no UPDATE covered damage {r}");
                arrival = watch.Timestamp(watch.Count - 1);
            }
            recorder.Operation(start, arrival);
        }
        recorder.Delivered(watch.Area * 4);
    }

    private void PlaceRects()
    {
        for (int i = 0; i < _rects.Length; i++)
        {
            Rect candidate;
            do
            {
                candidate = new Rect((uint)_random.Next((int)(width - Side + 1)), (uint)_random.Next((int)(height - Side + 1)), Side, Side);
            }
            while (OverlapsEarlier(candidate, i));
            _rects[i] = candidate;
        }
    }

    private bool OverlapsEarlier(Rect candidate, int count)
    {
        for (int j = 0; j < count; j++)
        {
            if (_rects[j].Overlaps(candidate))
            {
                return true;
            }
        }
        return false;
    }
}
