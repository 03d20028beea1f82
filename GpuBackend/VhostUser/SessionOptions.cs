namespace VhostGpu.VhostUser;

/// <summary>Policy choices of a session that the command line makes.</summary>
/// <param name="OfferDirtyLogging">
/// Offer VHOST_F_LOG_ALL and LOG_SHMFD. Off by default: the device's own state cannot migrate yet,
/// and without these QEMU blocks migration with a clear reason instead of losing that state.
/// </param>
public sealed record SessionOptions(bool OfferDirtyLogging = false)
{
    /// <summary>Memory slots offered with CONFIGURE_MEM_SLOTS (GET_MAX_MEM_SLOTS).</summary>
    public const int MaxMemorySlots = 32;
}
