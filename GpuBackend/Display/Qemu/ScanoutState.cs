namespace VhostGpu.Display.Qemu;

/// <summary>
/// One scanout as the QEMU sink tracks it: what it shows (with the sink's own lease on the image)
/// and the damage waiting for the writer thread. <see cref="UpdateTicket"/> tells a queued UPDATE
/// marker from one made stale by a later SetScanout or reset. Mode changes coalesce the same way:
/// however often the guest switches while QEMU is not reading, one SCANOUT is queued per output.
/// </summary>
internal sealed class ScanoutState
{
    public ScanoutSource? Source { get; set; }

    public DamageList Damage { get; } = new();

    public bool UpdateQueued { get; private set; }

    public int UpdateTicket { get; private set; }

    /// <summary>A SCANOUT marker sits in the outbound queue; it sends the mode set last (<see cref="QueuedMode"/>).</summary>
    public bool ScanoutQueued { get; set; }

    /// <summary>Width and height the queued SCANOUT announces (0 x 0 disables the output).</summary>
    public (int Width, int Height) QueuedMode { get; set; }

    /// <summary>QEMU blanks a surface it creates for SCANOUT, so the first update after one must cover it all.</summary>
    public bool NextUpdateFull { get; set; }

    /// <summary>Marks an update as queued and returns the ticket its marker carries.</summary>
    public int QueueUpdate()
    {
        UpdateQueued = true;
        return ++UpdateTicket;
    }

    /// <summary>True (and no longer queued) when the marker with <paramref name="ticket"/> is still the live one.</summary>
    public bool TryTakeQueuedUpdate(int ticket)
    {
        if (!UpdateQueued || ticket != UpdateTicket)
        {
            return false;
        }
        UpdateQueued = false;
        return true;
    }

    public void DropPendingUpdate()
    {
        UpdateQueued = false;
        Damage.Clear();
    }
}
