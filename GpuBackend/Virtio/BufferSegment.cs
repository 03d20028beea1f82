namespace VhostGpu.Virtio;

/// <summary>One descriptor's guest-physical buffer, already checked to be mapped.</summary>
public readonly record struct BufferSegment(ulong Address, uint Length);
