namespace VhostGpu.Gpu.Sharing;

/// <summary>
/// A resource the guest gave a UUID. Its announcement settles on the announcer's thread; the
/// control queue's worker, parked on it, is woken then.
/// </summary>
internal sealed class ResourceExport(uint resourceId, Guid uuid)
{
    private int _state = (int)ExportState.Local;
    private Action? _waiter;

    public uint ResourceId { get; } = resourceId;

    public Guid Uuid { get; } = uuid;

    public ExportState State => (ExportState)Volatile.Read(ref _state);

    public void BeginAnnouncement() => Interlocked.Exchange(ref _state, (int)ExportState.Announcing);

    /// <summary>The front-end's verdict on the ADD (any thread).</summary>
    public void Settle(bool accepted)
    {
        // Full fences on both sides (here and in WakeOnSettle): a waiter registered concurrently
        // either sees the final state or is called.
        Interlocked.Exchange(ref _state, (int)(accepted ? ExportState.Announced : ExportState.Refused));
        Interlocked.Exchange(ref _waiter, null)?.Invoke();
    }

    /// <summary>Calls <paramref name="wake"/> when the announcement settles (at most once).</summary>
    public void WakeOnSettle(Action wake) => Interlocked.Exchange(ref _waiter, wake);

    public override string ToString() => $"{Uuid} (resource {ResourceId}, {State})";
}
