namespace VhostGpu.Display.Window;

/// <summary>Frames per second over the last whole measuring period (about a second).</summary>
internal sealed class FrameRateCounter
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private long _periodStart = Environment.TickCount64;
    private int _frames;

    public double Rate { get; private set; }

    public void Tick() => _frames++;

    /// <summary>Closes the period when it is over; true when <see cref="Rate"/> changed.</summary>
    public bool Update(long now)
    {
        long elapsed = now - _periodStart;
        if (elapsed < Period.TotalMilliseconds)
        {
            return false;
        }
        double rate = _frames * 1000.0 / elapsed;
        _frames = 0;
        _periodStart = now;
        bool changed = Math.Abs(rate - Rate) >= 0.05;
        Rate = rate;
        return changed;
    }
}
