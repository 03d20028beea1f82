namespace VhostGpu.EndToEnd.Guest;

/// <summary>/dev/fb0's geometry as the guest reports it from /sys/class/graphics/fb0.</summary>
public readonly record struct GuestFramebuffer(int Width, int Height, int Stride, int BitsPerPixel);
