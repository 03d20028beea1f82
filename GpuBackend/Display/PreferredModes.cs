using VhostGpu.Display.Edid;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display;

/// <summary>
/// The modes a VhostGpu-drawn display offers the guest, per scanout: fixed for headless, the
/// window sizes for the viewer. Thread-safe; answers GET_DISPLAY_INFO and GET_EDID.
/// </summary>
public sealed class PreferredModes
{
    public const int DefaultWidth = 1280;
    public const int DefaultHeight = 800;

    private readonly object _gate = new();
    private readonly (int Width, int Height)?[] _sizes = new (int, int)?[DisplayInfo.MaxScanouts];

    /// <summary>Scanouts 0..<paramref name="scanouts"/>-1 enabled at <paramref name="width"/> x <paramref name="height"/>.</summary>
    public PreferredModes(int scanouts, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scanouts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scanouts, DisplayInfo.MaxScanouts);
        for (int i = 0; i < scanouts; i++)
        {
            _sizes[i] = Clamp(width, height);
        }
    }

    /// <summary>The enabled scanout ids, lowest first.</summary>
    public IReadOnlyList<int> Enabled
    {
        get
        {
            lock (_gate)
            {
                return Enumerable.Range(0, _sizes.Length).Where(i => _sizes[i] is not null).ToArray();
            }
        }
    }

    /// <summary>The preferred size of a scanout; a disabled one reports the default size.</summary>
    public (int Width, int Height) SizeOf(int scanoutId)
    {
        lock (_gate)
        {
            return (uint)scanoutId < _sizes.Length && _sizes[scanoutId] is { } size ? size : (DefaultWidth, DefaultHeight);
        }
    }

    /// <summary>Changes an enabled scanout's preferred size; false when nothing changed.</summary>
    public bool TrySet(int scanoutId, int width, int height)
    {
        (int, int) size = Clamp(width, height);
        lock (_gate)
        {
            if ((uint)scanoutId >= _sizes.Length || _sizes[scanoutId] is null || _sizes[scanoutId] == size)
            {
                return false;
            }
            _sizes[scanoutId] = size;
            return true;
        }
    }

    public DisplayInfo ToDisplayInfo()
    {
        var modes = new DisplayMode[DisplayInfo.MaxScanouts];
        lock (_gate)
        {
            for (int i = 0; i < modes.Length; i++)
            {
                modes[i] = _sizes[i] is (int width, int height)
                    ? new DisplayMode(new PixelRect(0, 0, width, height), true, 0)
                    : default;
            }
        }
        return new DisplayInfo(modes);
    }

    public byte[] Edid(int scanoutId)
    {
        (int width, int height) = SizeOf(scanoutId);
        return EdidGenerator.Generate(width, height);
    }

    /// <summary>Sizes an EDID can describe: 1..4095 each way.</summary>
    private static (int, int) Clamp(int width, int height) =>
        (Math.Clamp(width, 1, EdidGenerator.MaxDimension), Math.Clamp(height, 1, EdidGenerator.MaxDimension));
}
