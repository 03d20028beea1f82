namespace VhostGpu.Display.Edid;

/// <summary>
/// The modes an EDID can list besides its preferred timing, largest first. The generator keeps only
/// those that fit the scanout, so a guest never picks a mode larger than the display.
/// </summary>
internal static class EdidModeTables
{
    /// <summary>Established timings I/II (all 60 Hz): byte offset in the base block and bit.</summary>
    public static readonly (int Width, int Height, int Byte, int Bit)[] Established =
    [
        (1024, 768, 36, 3),
        (800, 600, 35, 0),
        (640, 480, 35, 5),
    ];

    /// <summary>Standard timing candidates (60 Hz). Widths are multiples of 8 in 256..2288, as the 2-byte code requires.</summary>
    public static readonly (int Width, int Height)[] Standard =
    [
        (2048, 1152),
        (1920, 1200),
        (1920, 1080),
        (1680, 1050),
        (1600, 1200),
        (1600, 900),
        (1440, 900),
        (1400, 1050),
        (1280, 1024),
        (1280, 960),
        (1280, 800),
        (1280, 720),
        (1152, 864),
    ];

    /// <summary>CTA-861 video identification codes (60 Hz progressive) with their sizes.</summary>
    public static readonly (int Width, int Height, byte Vic)[] CtaVideo =
    [
        (4096, 2160, 102),
        (3840, 2160, 97),
        (1920, 1080, 16),
        (1280, 720, 4),
        (640, 480, 1),
    ];

    /// <summary>Standard timing aspect code (EDID 1.3+: 0 16:10, 1 4:3, 2 5:4, 3 16:9), or -1.</summary>
    public static int AspectCode(int width, int height) =>
        width * 10 == height * 16 ? 0
        : width * 3 == height * 4 ? 1
        : width * 4 == height * 5 ? 2
        : width * 9 == height * 16 ? 3
        : -1;
}
