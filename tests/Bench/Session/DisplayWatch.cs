using System.Diagnostics;
using VhostGpu.TestSupport.QemuDisplay;

namespace VhostGpu.Bench.Session;

/// <summary>
/// Watches the display side for what the workload waits on: UPDATE pixel area and cursor messages.
/// The peer's thread records each arrival with its timestamp into preallocated arrays; the
/// workload thread arms it with what one step should produce and waits until all of it arrived.
/// One step at a time: the benchmark runs closed-loop, so nothing is armed while arrivals are pending.
/// </summary>
public sealed class DisplayWatch : IDisposable
{
    private const int Capacity = 4096;

    private readonly PeerMessage[] _messages = new PeerMessage[Capacity];
    private readonly long[] _timestamps = new long[Capacity];
    private readonly ManualResetEventSlim _complete = new();
    private long _expectedArea;
    private int _expectedCursorMessages;
    private long _area;
    private int _cursorMessages;
    private int _count;

    public DisplayWatch(QemuDisplayPeer display)
    {
        display.UpdateReceived = m => Record(m, isCursor: false);
        display.CursorReceived = m => Record(m, isCursor: true);
    }

    /// <summary>Arrivals since the last <see cref="Arm"/>.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>UPDATE pixels (width x height) received since the last <see cref="Arm"/>.</summary>
    public long Area => Interlocked.Read(ref _area);

    public PeerMessage Message(int i) => _messages[i];

    public long Timestamp(int i) => _timestamps[i];

    /// <summary>Starts a step that is complete once <paramref name="updateArea"/> UPDATE pixels and <paramref name="cursorMessages"/> cursor messages arrived.</summary>
    public void Arm(long updateArea, int cursorMessages)
    {
        _complete.Reset();
        Volatile.Write(ref _count, 0);
        Interlocked.Exchange(ref _area, 0);
        Volatile.Write(ref _cursorMessages, 0);
        Interlocked.Exchange(ref _expectedArea, updateArea);
        Volatile.Write(ref _expectedCursorMessages, cursorMessages);
        if (updateArea == 0 && cursorMessages == 0)
        {
            _complete.Set();
        }
    }

    public bool Wait(TimeSpan timeout) => _complete.Wait(timeout);

    public void Dispose() => _complete.Dispose();

    private void Record(PeerMessage m, bool isCursor)
    {
        long now = Stopwatch.GetTimestamp();
        int i = _count;
        if (i < Capacity)
        {
            _messages[i] = m;
            _timestamps[i] = now;
            Volatile.Write(ref _count, i + 1);
        }
        long area = isCursor ? Interlocked.Read(ref _area) : Interlocked.Add(ref _area, (long)m.Width * m.Height);
        int cursor = isCursor ? Interlocked.Increment(ref _cursorMessages) : Volatile.Read(ref _cursorMessages);
        if (area >= Interlocked.Read(ref _expectedArea) && cursor >= Volatile.Read(ref _expectedCursorMessages))
        {
            _complete.Set();
        }
    }
}
