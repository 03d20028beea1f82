namespace VhostGpu.Gpu.Resources;

/// <summary>
/// The host memory the guest's resources may take (QEMU's max_hostmem, --max-hostmem). A
/// reservation is checked before anything is allocated, so a guest cannot make us try a huge
/// allocation.
/// </summary>
public sealed class HostMemoryBudget(long limit)
{
    public long Limit { get; } = limit >= 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit));

    public long Used { get; private set; }

    /// <summary>Reserves <paramref name="bytes"/>; false when that would exceed the limit.</summary>
    public bool TryReserve(long bytes)
    {
        if (bytes < 0 || bytes > Limit - Used)
        {
            return false;
        }
        Used += bytes;
        return true;
    }

    public void Release(long bytes)
    {
        if (bytes < 0 || bytes > Used)
        {
            throw new InvalidOperationException($"releasing {bytes} bytes of a budget with {Used} in use");
        }
        Used -= bytes;
    }

    public void ReleaseAll() => Used = 0;
}
