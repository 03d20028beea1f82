using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Display;

/// <summary>
/// What a scanout shows: <see cref="Rect"/> of <see cref="Image"/>. A sink that keeps a source
/// beyond the call takes its own lease on the image (HostImage.TryAddLease) and releases it when
/// the scanout changes.
/// </summary>
public sealed record ScanoutSource(HostImage Image, PixelRect Rect);
