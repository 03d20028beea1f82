namespace VhostGpu.VhostUser;

/// <summary>
/// How long a ring without a kick eventfd (SET_VRING_KICK with NOFD) waits before looking at its
/// avail ring again: <see cref="MinMs"/> while the driver keeps adding work, doubling up to
/// <see cref="MaxMs"/> (a frame at 60 Hz) while it is idle, so an idle guest costs next to nothing.
/// </summary>
internal sealed class PollBackoff
{
    public const int MinMs = 1;
    public const int MaxMs = 16;

    public int IntervalMs { get; private set; } = MinMs;

    /// <summary>After a look at the ring: did the driver make new chains available since the last one?</summary>
    public void Observe(bool progressed) => IntervalMs = progressed ? MinMs : Math.Min(IntervalMs * 2, MaxMs);
}
