using System.Diagnostics;
using VhostGpu.TestSupport.QemuDisplay;

namespace VhostGpu.Bench.Session;

/// <summary>
/// Watches the display side for what the workload waits on: UPDATE pixel area and cursor messages.
/// The peer's thread records each arrival with its timestamp into preallocated arrays and wakes
/// the workload thread, which decides whether its step is complete. One step at a time: the
/// benchmark runs closed-loop, so nothing is armed while arrivals are pending.
/// </summary>
public sealed class DisplayWatch : IDisposable
{
    private const int Capacity = 4096;

    private readonly PeerMessage[] _messages = new PeerMessage[Capacity];
    private readonly long[] _timestamps = new long[Capacity];
    // No spinning before blocking: on a small machine a spinning bench steals the core the back-end needs.
    private readonly ManualResetEventSlim _arrived = new(initialState: false, spinCount: 0);
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

    /// <summary>Starts a step that needs at least <paramref name="updateArea"/> UPDATE pixels and <paramref name="cursorMessages"/> cursor messages.</summary>
    public void Arm(long updateArea, int cursorMessages)
    {
        Volatile.Write(ref _count, 0);
        Interlocked.Exchange(ref _area, 0);
        Volatile.Write(ref _cursorMessages, 0);
        Interlocked.Exchange(ref _expectedArea, updateArea);
        Volatile.Write(ref _expectedCursorMessages, cursorMessages);
    }

    /// <summary>
    /// Waits until the armed amounts arrived and <paramref name="complete"/> (checked after each
    /// arrival, e.g. "every stamped pixel is shown") holds. Area alone is not enough: a back-end may
    /// merge damage into a larger rectangle whose area arrives before the rest.
    /// </summary>
    public bool Wait(Func<bool> complete, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            _arrived.Reset();
            if (Area >= Interlocked.Read(ref _expectedArea) && Volatile.Read(ref _cursorMessages) >= Volatile.Read(ref _expectedCursorMessages) && complete())
            {
                return true;
            }
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0 || !_arrived.Wait(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency)))
            {
                return false;
            }
        }
    }

    public void Dispose() => _arrived.Dispose();

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
        if (isCursor)
        {
            Interlocked.Increment(ref _cursorMessages);
        }
        else
        {
            Interlocked.Add(ref _area, (long)m.Width * m.Height);
        }
        _arrived.Set();
    }
}
