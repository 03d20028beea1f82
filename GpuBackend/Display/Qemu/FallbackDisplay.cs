using VhostGpu.Display.Edid;

namespace VhostGpu.Display.Qemu;

/// <summary>
/// What the guest is told while no display answers (no socket yet, the socket closed, or a QEMU
/// without EDID support): QEMU's default 1280x800 mode and an EDID we generate for it.
/// </summary>
internal static class FallbackDisplay
{
    public const int Width = 1280;
    public const int Height = 800;

    private static readonly byte[] GeneratedEdid = EdidGenerator.Generate(Width, Height);

    public static DisplayInfo Info => DisplayInfo.Single(Width, Height);

    /// <summary>A copy per caller: the device may hand the array on.</summary>
    public static byte[] Edid => (byte[])GeneratedEdid.Clone();
}
