namespace VhostGpu.Virtio;

[Flags]
public enum DescriptorFlags : ushort
{
    None = 0,
    Next = 1,
    Write = 2,
    Indirect = 4,
}
