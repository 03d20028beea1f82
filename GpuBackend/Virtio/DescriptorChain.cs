namespace VhostGpu.Virtio;

/// <summary>
/// A validated descriptor chain popped from a queue: the device-readable segments (the request)
/// followed by the device-writable ones (the response). Instances are reused by the queue; do
/// not keep one after it has been pushed.
/// </summary>
public sealed class DescriptorChain
{
    internal List<BufferSegment> ReadableList { get; } = new(4);

    internal List<BufferSegment> WritableList { get; } = new(4);

    /// <summary>The head descriptor index: the id reported in the used ring.</summary>
    public ushort Head { get; internal set; }

    public IReadOnlyList<BufferSegment> Readable => ReadableList;

    public IReadOnlyList<BufferSegment> Writable => WritableList;

    public ulong ReadableLength { get; internal set; }

    public ulong WritableLength { get; internal set; }

    /// <summary>Taken by head for inflight resubmission rather than from the avail ring (<see cref="AvailIndex"/> is then meaningless).</summary>
    internal bool Resubmitted { get; set; }

    /// <summary>The avail-ring index the chain was taken from; lets the queue check Unpop order.</summary>
    internal ushort AvailIndex { get; set; }

    /// <summary>The queue that handed the chain out and has not had it back yet; null while pooled.</summary>
    internal IVirtqueue? Owner { get; set; }

    internal void Reset(ushort head)
    {
        Head = head;
        ReadableList.Clear();
        WritableList.Clear();
        ReadableLength = 0;
        WritableLength = 0;
    }
}
