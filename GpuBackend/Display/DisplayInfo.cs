using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display;

/// <summary>One scanout's preferred mode as a display reports it (virtio_gpu_display_one).</summary>
public readonly record struct DisplayMode(PixelRect Rect, bool Enabled, uint Flags);

/// <summary>Preferred modes for all scanouts (virtio_gpu_resp_display_info), indexed by scanout id.</summary>
public sealed class DisplayInfo
{
    public const int MaxScanouts = 16;

    public DisplayInfo(IReadOnlyList<DisplayMode> modes)
    {
        if (modes.Count != MaxScanouts)
        {
            throw new ArgumentException($"display info has exactly {MaxScanouts} modes", nameof(modes));
        }
        Modes = modes;
    }

    public IReadOnlyList<DisplayMode> Modes { get; }

    /// <summary>The answer when no display is connected: scanout 0 enabled at the given size.</summary>
    public static DisplayInfo Single(int width, int height)
    {
        var modes = new DisplayMode[MaxScanouts];
        modes[0] = new DisplayMode(new PixelRect(0, 0, width, height), true, 0);
        return new DisplayInfo(modes);
    }
}
