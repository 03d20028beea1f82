using VhostGpu.Bench.Guest;
using VhostGpu.Bench.Session;

namespace VhostGpu.Bench.Workloads;

/// <summary>
/// A moving pointer: MOVE_CURSOR commands on the cursor queue, and every
/// <see cref="ImageEvery"/>th command a new 64x64 B8G8R8A8 image (TRANSFER on the control queue,
/// then UPDATE_CURSOR), as the Linux driver does for an animated pointer. An operation is one
/// cursor command; its latency runs from its submission to the display's cursor message.
/// </summary>
public sealed class CursorWorkload(uint width, uint height) : Workload
{
    public const int ImageEvery = 16;
    private const uint Side = 64;
    private const uint ScreenId = 1;
    private const uint CursorId = 2;

    private readonly Random _random = new(7);
    private GuestResource? _cursor;
    private ulong _command;

    public override string Name => "cursor";

    public override string OperationName => "cmds";

    public override int DisplayWidth => (int)width;

    public override int DisplayHeight => (int)height;

    public override long BytesPerOperation => Side * Side * 4 / ImageEvery;

    public override ulong GuestBytes => ((ulong)width * height * 4) + (2 * Side * Side * 4);

    public override void Setup(BenchSession session)
    {
        var screen = session.CreateResource(ScreenId, GpuRequest.FormatB8G8R8X8, width, height, 1 << 20);
        session.ShowOnScanout(screen);
        _cursor = session.CreateResource(CursorId, GpuRequest.FormatB8G8R8A8, Side, Side, Side * Side * 4);
    }

    public override void Step(BenchSession session, StepRecorder recorder)
    {
        var cursor = _cursor ?? throw new InvalidOperationException("Setup first");
        _command++;
        uint x = (uint)_random.Next(DisplayWidth), y = (uint)_random.Next(DisplayHeight);
        bool newImage = _command % ImageEvery == 1;
        recorder.Stamp.Clear();
        if (newImage)
        {
            recorder.Stamp.Write(cursor, cursor.Bounds, _command);
            session.SubmitControl(GpuRequest.Transfer(session.NextControlRequest(), cursor.Id, cursor.Bounds, 0, fence: _command));
            session.Kick();
            session.AwaitControl();
        }
        uint type = newImage ? GpuRequest.UpdateCursor : GpuRequest.MoveCursor;
        long start = session.BeginStep(0, 1);
        session.SubmitCursor(GpuRequest.Cursor(session.NextCursorRequest(), type, 0, x, y, cursor.Id, 1, 1));
        session.Kick();
        session.AwaitDisplay($"cursor command {_command}", () => true);
        session.AwaitCursor();
        recorder.Operation(start, session.Watch.Timestamp(0));
        var shown = session.Display.Cursor;
        if (!shown.Visible || shown.X != x || shown.Y != y)
        {
            recorder.Stamp.Fail($"cursor shown at ({shown.X},{shown.Y}) visible={shown.Visible}, the guest moved it to ({x},{y})");
        }
        if (newImage)
        {
            recorder.Delivered(Side * Side * 4);
            recorder.Stamp.VerifyCursor(shown.Bgra, Side);
        }
    }
}
