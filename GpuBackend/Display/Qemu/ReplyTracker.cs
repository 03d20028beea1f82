namespace VhostGpu.Display.Qemu;

/// <summary>
/// Queries waiting for QEMU, in two stages: <em>waiting</em> until the socket's protocol
/// negotiation is done, then <em>sent</em>, in send order. QEMU answers in order but skips
/// questions it rejects (GET_EDID beyond its outputs), so a reply is matched to the oldest sent
/// query of its kind and older unanswered ones are given up. Not thread-safe: the sink's lock guards it.
/// </summary>
internal sealed class ReplyTracker
{
    /// <summary>Timed-out queries kept to absorb late replies; beyond this the oldest of them are forgotten.</summary>
    private const int MaxSent = 32;

    private readonly List<PendingQuery> _waiting = [];
    private readonly List<PendingQuery> _sent = [];

    public bool HasWaiting => _waiting.Count > 0;

    public void AddWaiting(PendingQuery query) => _waiting.Add(query);

    public void AddSent(PendingQuery query)
    {
        while (_sent.Count >= MaxSent && _sent[0].IsCompleted)
        {
            _sent.RemoveAt(0);
        }
        _sent.Add(query);
    }

    /// <summary>True when a sent query of this kind timed out and its answer may still come (or never).</summary>
    public bool HasTimedOut(GpuSocketRequest request) => _sent.Exists(q => q.Request == request && q.IsCompleted);

    /// <summary>Hands over the waiting queries that have not timed out (negotiation is done).</summary>
    public void TakeWaiting(List<PendingQuery> destination)
    {
        foreach (var query in _waiting)
        {
            if (!query.IsCompleted)
            {
                destination.Add(query);
            }
        }
        _waiting.Clear();
    }

    /// <summary>
    /// The sent query that a reply of type <paramref name="request"/> answers, or null when none
    /// is outstanding. Older sent queries that QEMU passed over go to <paramref name="skipped"/>.
    /// </summary>
    public PendingQuery? Match(GpuSocketRequest request, List<PendingQuery> skipped)
    {
        int index = _sent.FindIndex(q => q.Request == request);
        if (index < 0)
        {
            return null;
        }
        var match = _sent[index];
        skipped.AddRange(_sent.Take(index));
        _sent.RemoveRange(0, index + 1);
        return match;
    }

    /// <summary>Moves every query whose deadline has passed to <paramref name="expired"/> (sent ones stay listed for late replies).</summary>
    public void CollectExpired(long now, List<PendingQuery> expired)
    {
        for (int i = _waiting.Count - 1; i >= 0; i--)
        {
            if (_waiting[i].Deadline <= now)
            {
                expired.Add(_waiting[i]);
                _waiting.RemoveAt(i);
            }
        }
        foreach (var query in _sent)
        {
            if (!query.IsCompleted && query.Deadline <= now)
            {
                expired.Add(query);
            }
        }
    }

    /// <summary>Earliest deadline of a query still waiting for its answer, or null.</summary>
    public long? NextDeadline()
    {
        long? next = null;
        foreach (var query in _waiting.Concat(_sent))
        {
            if (!query.IsCompleted && (next is null || query.Deadline < next))
            {
                next = query.Deadline;
            }
        }
        return next;
    }

    /// <summary>The socket changed: sent questions will never be answered.</summary>
    public void TakeSent(List<PendingQuery> destination)
    {
        destination.AddRange(_sent);
        _sent.Clear();
    }

    public void TakeAll(List<PendingQuery> destination)
    {
        destination.AddRange(_waiting);
        _waiting.Clear();
        TakeSent(destination);
    }
}
