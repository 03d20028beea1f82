using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Gpu.Resources;

/// <summary>A 2D resource: its host image (the resource table's lease on it) and its guest backing, if attached.</summary>
public sealed class GpuResource(uint id, HostImage image)
{
    public uint Id { get; } = id;

    public HostImage Image { get; } = image;

    public GuestBacking? Backing { get; set; }

    public int Width => Image.Width;

    public int Height => Image.Height;

    public long ByteSize => Image.ByteSize;

    public override string ToString() => $"resource {Id} ({Width}x{Height} {Image.Format})";
}
