using VhostGpu.Gpu.Wire;
using VhostGpu.Gpu.Resources;
using VhostGpu.Interop;
using VhostGpu.Memory;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Gpu.Commands;

/// <summary>
/// TRANSFER_TO_HOST_2D: copies a rectangle from the guest backing into the host image. Row h of
/// the rectangle comes from backing offset <c>offset + stride * h</c> (stride = image width * 4)
/// and lands at image row <c>y + h</c>, column <c>x</c> (protocol reference 4.6). Bytes go
/// straight from the mapped guest pages into the image, with no buffer in between.
/// </summary>
internal static class TransferToHost2DCommand
{
    /// <summary>How many rows ahead of the copy a partial-width transfer prefetches (source and destination).</summary>
    private const int PrefetchRows = 4;

    public static ResponseType Execute(GpuState state, IGuestMemory memory, in TransferToHost2DRequest request)
    {
        if (!state.Resources.TryGet(request.ResourceId, out var resource))
        {
            return ResponseType.ErrInvalidResourceId;
        }
        if (resource.Backing is not { } backing)
        {
            return ResponseType.ErrUnspec;
        }
        if (!request.Rect.FitsWithin(resource.Width, resource.Height))
        {
            return ResponseType.ErrInvalidParameter;
        }
        // Nothing to copy, or the source starts past the backing: QEMU copies what the backing has.
        if (request.Rect.IsEmpty || request.Offset >= backing.Length)
        {
            return ResponseType.OkNoData;
        }

        var image = resource.Image;
        var r = request.Rect.ToPixelRect();
        int stride = image.Stride;
        bool mapped = true;
        lock (image.SyncRoot)
        {
            if (r.X == 0 && r.Width == image.Width)
            {
                // Whole rows follow each other in the backing and in the image: one copy.
                mapped = backing.TryCopyTo(memory, request.Offset, image.Pixels.Slice(r.Y * stride, r.Height * stride), out _);
            }
            else
            {
                for (int row = 0; row < Math.Min(PrefetchRows, r.Height); row++)
                {
                    PrefetchRow(backing, memory, request.Offset, image, r, row);
                }
                for (int row = 0; row < r.Height && mapped; row++)
                {
                    if (row + PrefetchRows < r.Height)
                    {
                        PrefetchRow(backing, memory, request.Offset, image, r, row + PrefetchRows);
                    }
                    // offset < backing length < 2^46 and stride * row < 2^62: no wrap.
                    ulong source = request.Offset + (ulong)stride * (ulong)row;
                    var destination = image.Row(r.Y + row, r.X, r.Width);
                    mapped = backing.TryCopyTo(memory, source, destination, out int copied);
                    if (copied < destination.Length)
                    {
                        break;
                    }
                }
            }
        }
        // Only a memory table that shrank under the backing makes an attached entry unmapped.
        return mapped ? ResponseType.OkNoData : ResponseType.ErrUnspec;
    }

    private static void PrefetchRow(GuestBacking backing, IGuestMemory memory, ulong offset, HostImage image, PixelRect r, int row)
    {
        var destination = image.Row(r.Y + row, r.X, r.Width);
        backing.Prefetch(memory, offset + ((ulong)image.Stride * (ulong)row), destination.Length);
        CachePrefetch.Lines(destination);
    }
}
