using System.Buffers.Binary;

namespace VhostGpu.Display.Edid;

/// <summary>
/// Builds the EDID VhostGpu shows a guest when no display has answered yet: an EDID 1.4 base
/// block whose preferred timing is the scanout size, plus a CTA-861 extension listing the video
/// codes that fit (the shape QEMU's own generator produces). Every mode listed fits the
/// preferred size.
/// </summary>
public static class EdidGenerator
{
    public const int BlockLength = 128;
    public const int Length = 2 * BlockLength;

    /// <summary>Largest width or height a detailed timing descriptor can carry (12 bits).</summary>
    public const int MaxDimension = 4095;

    public const string MonitorName = "VhostGpu";

    private const int DotsPerInch = 100;

    // Descriptor tags (EDID 1.4 section 3.10.3).
    private const byte RangeLimitsTag = 0xFD;
    private const byte MonitorNameTag = 0xFC;
    private const byte DummyTag = 0x10;

    /// <summary>A 256-byte EDID for a display of <paramref name="width"/> x <paramref name="height"/> pixels (1..4095 each).</summary>
    public static byte[] Generate(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxDimension);

        var edid = new byte[Length];
        WriteBaseBlock(edid.AsSpan(0, BlockLength), width, height);
        WriteCtaBlock(edid.AsSpan(BlockLength, BlockLength), width, height);
        return edid;
    }

    /// <summary>True when the block's bytes sum to 0 modulo 256.</summary>
    public static bool HasValidChecksum(ReadOnlySpan<byte> block)
    {
        int sum = 0;
        foreach (byte b in block)
        {
            sum += b;
        }
        return (sum & 0xFF) == 0;
    }

    /// <summary>
    /// Base block (EDID 1.4):
    /// <code>
    ///   0  00 ff ff ff ff ff ff 00      header
    ///   8  manufacturer (3 letters, 5 bits each, big-endian), product u16 LE, serial u32 LE
    ///  16  week, year - 1990, version 1, revision 4
    ///  20  video input, width cm, height cm, gamma, features
    ///  25  chromaticity (10 bytes)
    ///  35  established timings (3 bytes)      38  standard timings (8 x 2 bytes)
    ///  54  4 x 18-byte descriptors: preferred timing, range limits, name, dummy
    /// 126  extension count                  127  checksum
    /// </code>
    /// </summary>
    private static void WriteBaseBlock(Span<byte> b, int width, int height)
    {
        b[0] = 0x00;
        b[1..7].Fill(0xFF);
        b[7] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(b[8..], ManufacturerId("VHG"));
        BinaryPrimitives.WriteUInt16LittleEndian(b[10..], 0x0001);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], 0);
        b[16] = 1;
        b[17] = 2025 - 1990;
        b[18] = 1;
        b[19] = 4;
        // Digital input, 8 bits per colour, DisplayPort.
        b[20] = 0xA5;
        int widthMm = width * 254 / (10 * DotsPerInch);
        int heightMm = height * 254 / (10 * DotsPerInch);
        b[21] = (byte)(widthMm / 10);
        b[22] = (byte)(heightMm / 10);
        // Gamma 2.2 stored as (gamma * 100) - 100.
        b[23] = 120;
        // sRGB is the default colour space; the preferred timing is the native mode.
        b[24] = 0x06;
        WriteSrgbChromaticity(b[25..35]);

        foreach (var (w, h, offset, bit) in EdidModeTables.Established)
        {
            if (w <= width && h <= height)
            {
                b[offset] |= (byte)(1 << bit);
            }
        }
        WriteStandardTimings(b[38..54], width, height);

        var timing = DetailedTiming.For(width, height);
        timing.Encode(b.Slice(54, 18), widthMm, heightMm);
        WriteRangeLimits(b.Slice(72, 18), timing);
        WriteText(b.Slice(90, 18), MonitorNameTag, MonitorName);
        WriteDescriptorHeader(b.Slice(108, 18), DummyTag);

        b[126] = 1;
        b[127] = Checksum(b[..127]);
    }

    /// <summary>
    /// CTA-861 extension (revision 3):
    /// <code>
    ///   0  02 (tag)   1  03 (revision)   2  offset of detailed timings   3  flags (none)
    ///   4  video data block: (2 &lt;&lt; 5) | count, then one VIC per byte
    ///      padding zeros                  127  checksum
    /// </code>
    /// </summary>
    private static void WriteCtaBlock(Span<byte> b, int width, int height)
    {
        b[0] = 0x02;
        b[1] = 0x03;
        int next = 5;
        foreach (var (w, h, vic) in EdidModeTables.CtaVideo)
        {
            if (w <= width && h <= height)
            {
                b[next++] = vic;
            }
        }
        int vics = next - 5;
        if (vics > 0)
        {
            b[4] = (byte)(0x40 | vics);
        }
        else
        {
            next = 4;
        }
        // No detailed timings follow; the offset marks where they would start.
        b[2] = (byte)next;
        b[3] = 0x00;
        b[127] = Checksum(b[..127]);
    }

    private static void WriteStandardTimings(Span<byte> slots, int width, int height)
    {
        slots.Fill(0x01);
        int used = 0;
        foreach (var (w, h) in EdidModeTables.Standard)
        {
            if (used == 8)
            {
                break;
            }
            if (w > width || h > height || (w == width && h == height))
            {
                continue;
            }
            // Byte 0: width / 8 - 31; byte 1: aspect code in bits 7-6, refresh - 60 in bits 5-0.
            slots[2 * used] = (byte)(w / 8 - 31);
            slots[2 * used + 1] = (byte)(EdidModeTables.AspectCode(w, h) << 6);
            used++;
        }
    }

    private static void WriteRangeLimits(Span<byte> d, DetailedTiming timing)
    {
        WriteDescriptorHeader(d, RangeLimitsTag);
        int hKHz = (int)timing.HorizontalKHz;
        d[5] = (byte)Math.Min(50, timing.RefreshHz);
        d[6] = 125;
        d[7] = (byte)Math.Clamp(hKHz, 1, 30);
        d[8] = (byte)Math.Max(160, Math.Min(255, hKHz + 1));
        // Maximum pixel clock in units of 10 MHz, rounded up.
        d[9] = (byte)((timing.PixelClockHz + 9_999_999) / 10_000_000);
        // Range limits only: no secondary timing formula.
        d[10] = 0x01;
        d[11] = 0x0A;
        d[12..18].Fill(0x20);
    }

    private static void WriteText(Span<byte> d, byte tag, string text)
    {
        WriteDescriptorHeader(d, tag);
        var field = d[5..18];
        field.Fill(0x20);
        int n = Math.Min(text.Length, 12);
        for (int i = 0; i < n; i++)
        {
            field[i] = (byte)text[i];
        }
        field[n] = 0x0A;
    }

    private static void WriteDescriptorHeader(Span<byte> d, byte tag)
    {
        d.Clear();
        d[3] = tag;
    }

    /// <summary>Red, green, blue and white of sRGB as 10-bit binary fractions (EDID 1.4 section 3.7).</summary>
    private static void WriteSrgbChromaticity(Span<byte> c)
    {
        ReadOnlySpan<double> xy = [0.640, 0.330, 0.300, 0.600, 0.150, 0.060, 0.3127, 0.3290];
        Span<int> v = stackalloc int[8];
        for (int i = 0; i < 8; i++)
        {
            v[i] = (int)(xy[i] * 1024 + 0.5);
        }
        c[0] = (byte)((v[0] & 3) << 6 | (v[1] & 3) << 4 | (v[2] & 3) << 2 | (v[3] & 3));
        c[1] = (byte)((v[4] & 3) << 6 | (v[5] & 3) << 4 | (v[6] & 3) << 2 | (v[7] & 3));
        for (int i = 0; i < 8; i++)
        {
            c[2 + i] = (byte)(v[i] >> 2);
        }
    }

    private static ushort ManufacturerId(string letters) =>
        (ushort)((letters[0] - '@') << 10 | (letters[1] - '@') << 5 | (letters[2] - '@'));

    private static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        int sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }
        return (byte)(-sum & 0xFF);
    }
}
