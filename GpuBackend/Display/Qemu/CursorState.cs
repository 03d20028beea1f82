namespace VhostGpu.Display.Qemu;

/// <summary>
/// The cursor as QEMU should end up showing it. Moves and image changes made while a cursor
/// message is still queued are folded into that one message: only the latest position matters.
/// </summary>
internal sealed class CursorState
{
    public int ScanoutId { get; private set; }

    public int X { get; private set; }

    public int Y { get; private set; }

    public bool Visible { get; private set; }

    public CursorImage? Image { get; private set; }

    /// <summary>The image has not been sent since it was defined (or since the socket changed).</summary>
    public bool ImagePending { get; set; }

    /// <summary>A cursor marker sits in the outbound queue.</summary>
    public bool Queued { get; set; }

    /// <summary>
    /// The last cursor message sent showed the cursor. QEMU's console keeps it across sockets, so a
    /// cursor forgotten while no socket was there must still be hidden on the next one.
    /// </summary>
    public bool ShownOnConsole { get; set; }

    /// <summary>Whether a new socket needs a cursor message to show the current state.</summary>
    public bool NeedsReplay => Image is not null || Visible || ShownOnConsole;

    public void Define(int scanoutId, CursorImage image, int x, int y)
    {
        ScanoutId = scanoutId;
        Image = image;
        ImagePending = true;
        Move(scanoutId, x, y, visible: true);
    }

    public void Move(int scanoutId, int x, int y, bool visible)
    {
        ScanoutId = scanoutId;
        X = x;
        Y = y;
        Visible = visible;
    }

    /// <summary>
    /// Takes what to send now and clears <see cref="Queued"/> and <see cref="ImagePending"/>. The
    /// console counts as showing the cursor from this attempt on; it counts as hidden only once a
    /// hide has been sent whole (<see cref="ShownOnConsole"/>), so a hide lost with a dying socket
    /// goes to the next one.
    /// </summary>
    public CursorMessage Take()
    {
        Queued = false;
        var image = ImagePending ? Image : null;
        ImagePending = false;
        ShownOnConsole |= Visible;
        return new CursorMessage(image, ScanoutId, X, Y, Visible);
    }

    public void Forget()
    {
        Image = null;
        ImagePending = false;
        Visible = false;
    }
}
