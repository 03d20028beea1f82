using System.Buffers.Binary;

namespace VhostGpu.Display.Edid;

/// <summary>
/// Timing of one video mode in the shape of an EDID detailed timing descriptor. Blanking follows
/// the proportions QEMU's generator uses (horizontal blank 35 %, front porch 25 %, sync 3 %;
/// vertical blank 3.5 %, porch and sync 0.5 %), with a floor of one line or pixel so tiny modes
/// stay valid. The refresh rate is 75 Hz unless the pixel clock would not fit the descriptor.
/// </summary>
internal readonly record struct DetailedTiming(
    int Width, int Height, int HFront, int HSync, int HBlank, int VFront, int VSync, int VBlank, int RefreshHz)
{
    public const int PreferredRefreshHz = 75;

    // The descriptor stores the pixel clock in units of 10 kHz in 16 bits.
    private const long MaxPixelClockHz = 0xFFFFL * 10_000;

    public long HTotal => Width + HBlank;

    public long VTotal => Height + VBlank;

    public long PixelClockHz => RefreshHz * HTotal * VTotal;

    public double HorizontalKHz => PixelClockHz / (double)HTotal / 1000;

    public static DetailedTiming For(int width, int height)
    {
        int hFront = Math.Max(1, width * 25 / 100);
        int hSync = Math.Max(1, width * 3 / 100);
        int hBlank = Math.Max(hFront + hSync + 1, width * 35 / 100);
        int vFront = Math.Max(1, height * 5 / 1000);
        int vSync = Math.Max(1, height * 5 / 1000);
        int vBlank = Math.Max(vFront + vSync + 1, height * 35 / 1000);
        long pixelsPerFrame = (long)(width + hBlank) * (height + vBlank);
        int refresh = (int)Math.Clamp(MaxPixelClockHz / pixelsPerFrame, 1, PreferredRefreshHz);
        return new DetailedTiming(width, height, hFront, hSync, hBlank, vFront, vSync, vBlank, refresh);
    }

    /// <summary>
    /// Writes the 18-byte descriptor (EDID 1.4 section 3.10.2):
    /// <code>
    ///  0  u16 LE pixel clock / 10 kHz
    ///  2  h active lo   3  h blank lo   4  h active hi:4 | h blank hi:4
    ///  5  v active lo   6  v blank lo   7  v active hi:4 | v blank hi:4
    ///  8  h front lo    9  h sync lo   10  v front lo:4 | v sync lo:4
    /// 11  h front hi:2 | h sync hi:2 | v front hi:2 | v sync hi:2
    /// 12  width mm lo  13  height mm lo 14  width mm hi:4 | height mm hi:4
    /// 15  h border     16  v border     17  flags (0x18: digital separate sync)
    /// </code>
    /// </summary>
    public void Encode(Span<byte> d, int widthMm, int heightMm)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(d, (ushort)(PixelClockHz / 10_000));
        d[2] = (byte)Width;
        d[3] = (byte)HBlank;
        d[4] = (byte)(((Width >> 8) & 0xF) << 4 | ((HBlank >> 8) & 0xF));
        d[5] = (byte)Height;
        d[6] = (byte)VBlank;
        d[7] = (byte)(((Height >> 8) & 0xF) << 4 | ((VBlank >> 8) & 0xF));
        d[8] = (byte)HFront;
        d[9] = (byte)HSync;
        d[10] = (byte)((VFront & 0xF) << 4 | (VSync & 0xF));
        d[11] = (byte)(((HFront >> 8) & 3) << 6 | ((HSync >> 8) & 3) << 4 | ((VFront >> 4) & 3) << 2 | ((VSync >> 4) & 3));
        d[12] = (byte)widthMm;
        d[13] = (byte)heightMm;
        d[14] = (byte)(((widthMm >> 8) & 0xF) << 4 | ((heightMm >> 8) & 0xF));
        d[15] = 0;
        d[16] = 0;
        d[17] = 0x18;
    }
}
