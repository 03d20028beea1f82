namespace VhostGpu.Memory;

/// <summary>
/// Bounds-checked access to guest-physical memory. No call can reach host memory outside the
/// regions the front-end mapped; a range that leaves them (or wraps 2^64) fails as a whole.
/// Ranges may straddle regions that are adjacent in guest-physical space.
/// </summary>
public interface IGuestMemory
{
    /// <summary>Copies guest bytes at <paramref name="gpa"/> into <paramref name="destination"/>; false if any byte is unmapped.</summary>
    bool TryRead(ulong gpa, Span<byte> destination);

    /// <summary>Copies <paramref name="source"/> to guest memory at <paramref name="gpa"/> (dirty-logged); false if any byte is unmapped, in which case nothing is written.</summary>
    bool TryWrite(ulong gpa, ReadOnlySpan<byte> source);

    /// <summary>True when every byte of [gpa, gpa+length) is mapped.</summary>
    bool IsMapped(ulong gpa, ulong length);

    /// <summary>
    /// Host view of guest bytes from <paramref name="gpa"/> to the end of its region, at most
    /// <paramref name="maxLength"/> bytes; empty when <paramref name="gpa"/> is unmapped. For copies that
    /// avoid a bounce buffer; the span is valid only until the memory table changes, so never keep it.
    /// </summary>
    ReadOnlySpan<byte> GetReadableSpan(ulong gpa, int maxLength);
}
