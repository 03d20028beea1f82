using VhostGpu.Memory;

namespace VhostGpu.Virtio;

/// <summary>Reads the device-readable part of a chain as one byte stream, across segment boundaries.</summary>
public struct ChainReader(IGuestMemory memory, DescriptorChain chain)
{
    private int _segment;
    private uint _offsetInSegment;

    public ulong Remaining { get; private set; } = chain.ReadableLength;

    /// <summary>Copies up to destination.Length bytes; returns how many were copied.</summary>
    public int Read(Span<byte> destination)
    {
        int total = 0;
        var segments = chain.Readable;
        while (!destination.IsEmpty && _segment < segments.Count)
        {
            var s = segments[_segment];
            int n = (int)Math.Min((ulong)destination.Length, s.Length - _offsetInSegment);
            if (!memory.TryRead(s.Address + _offsetInSegment, destination[..n]))
            {
                // Memory changed under a validated chain only if the table was replaced; stop here.
                break;
            }
            destination = destination[n..];
            total += n;
            _offsetInSegment += (uint)n;
            if (_offsetInSegment == s.Length)
            {
                _segment++;
                _offsetInSegment = 0;
            }
        }
        Remaining -= (ulong)total;
        return total;
    }
}
