using VhostGpu.Gpu.Wire;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Gpu.Resources;

/// <summary>
/// The guest's resources by id. Id 0 means "no resource" on the wire and is never stored; ids are
/// unique. Creation reserves the image's bytes in the host memory budget before allocating.
/// </summary>
public sealed class ResourceTable(HostMemoryBudget budget)
{
    private readonly Dictionary<uint, GpuResource> _resources = [];

    public int Count => _resources.Count;

    public HostMemoryBudget Budget { get; } = budget;

    public bool TryGet(uint id, out GpuResource resource) => _resources.TryGetValue(id, out resource!);

    /// <summary>
    /// Creates a zeroed resource. Checks, first failing wins (protocol reference 4.6): id 0 or in use
    /// → INVALID_RESOURCE_ID; width or height 0 → INVALID_PARAMETER; byte size (64-bit) beyond the
    /// budget or beyond what one image can hold, or allocation failure → OUT_OF_MEMORY.
    /// </summary>
    public ResponseType TryCreate(uint id, PixelFormat format, uint width, uint height)
    {
        if (id == 0 || _resources.ContainsKey(id))
        {
            return ResponseType.ErrInvalidResourceId;
        }
        if (width == 0 || height == 0)
        {
            return ResponseType.ErrInvalidParameter;
        }
        // u32 * u32 * 4 fits in 66 bits: compute in 128 to keep every overflow visible.
        UInt128 bytes = (UInt128)width * height * PixelLayout.BytesPerPixel;
        if (bytes > (UInt128)Budget.Limit || width > int.MaxValue / PixelLayout.BytesPerPixel || height > int.MaxValue)
        {
            return ResponseType.ErrOutOfMemory;
        }
        long size = (long)bytes;
        if (!Budget.TryReserve(size))
        {
            return ResponseType.ErrOutOfMemory;
        }
        var image = HostImage.TryCreate((int)width, (int)height, format);
        if (image == null)
        {
            Budget.Release(size);
            return ResponseType.ErrOutOfMemory;
        }
        _resources.Add(id, new GpuResource(id, image));
        return ResponseType.OkNoData;
    }

    /// <summary>Forgets the resource and ends the table's lease on its image; others' leases keep the pixels alive.</summary>
    public void Destroy(GpuResource resource)
    {
        if (!_resources.Remove(resource.Id))
        {
            throw new InvalidOperationException($"{resource} is not in the table");
        }
        Budget.Release(resource.ByteSize);
        resource.Backing = null;
        resource.Image.ReleaseLease();
    }

    /// <summary>Destroys every resource (device reset, disconnect).</summary>
    public void Clear()
    {
        foreach (var resource in _resources.Values)
        {
            resource.Backing = null;
            resource.Image.ReleaseLease();
        }
        _resources.Clear();
        Budget.ReleaseAll();
    }
}
