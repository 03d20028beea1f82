using VhostGpu.Memory;

namespace VhostGpu.Virtio;

/// <summary>
/// Writes into the device-writable part of a chain as one byte stream. What does not fit is
/// dropped; <see cref="Written"/> is the used length to report.
/// </summary>
public struct ChainWriter(IGuestMemory memory, DescriptorChain chain)
{
    private int _segment;
    private uint _offsetInSegment;

    public uint Written { get; private set; }

    public ulong Capacity => chain.WritableLength;

    /// <summary>Writes as much of <paramref name="source"/> as fits; returns how many bytes were written.</summary>
    public int Write(ReadOnlySpan<byte> source)
    {
        int total = 0;
        var segments = chain.Writable;
        while (!source.IsEmpty && _segment < segments.Count)
        {
            var s = segments[_segment];
            int n = (int)Math.Min((ulong)source.Length, s.Length - _offsetInSegment);
            if (!memory.TryWrite(s.Address + _offsetInSegment, source[..n]))
            {
                break;
            }
            source = source[n..];
            total += n;
            _offsetInSegment += (uint)n;
            if (_offsetInSegment == s.Length)
            {
                _segment++;
                _offsetInSegment = 0;
            }
        }
        Written += (uint)total;
        return total;
    }
}
