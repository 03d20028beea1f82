using System.Buffers.Binary;
using VhostGpu.Display.Edid;

namespace VhostGpu.Tests.Display.Edid;

public class EdidGeneratorTests
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(1024, 768)]
    [InlineData(1920, 1080)]
    [InlineData(16, 16)]
    [InlineData(4095, 4095)]
    public void BothBlocksCarryValidChecksums(int width, int height)
    {
        byte[] edid = EdidGenerator.Generate(width, height);

        Assert.Equal(256, edid.Length);
        Assert.True(EdidGenerator.HasValidChecksum(edid.AsSpan(0, 128)));
        Assert.True(EdidGenerator.HasValidChecksum(edid.AsSpan(128, 128)));
    }

    [Fact]
    public void HeaderIdentifiesAnEdid14WithOneCtaExtension()
    {
        byte[] edid = EdidGenerator.Generate(1280, 800);

        Assert.Equal(new byte[] { 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }, edid[..8]);
        ushort vendor = BinaryPrimitives.ReadUInt16BigEndian(edid.AsSpan(8));
        string letters = new([(char)('@' + (vendor >> 10 & 0x1F)), (char)('@' + (vendor >> 5 & 0x1F)), (char)('@' + (vendor & 0x1F))]);
        Assert.Equal("VHG", letters);
        Assert.Equal(1, edid[18]);
        Assert.Equal(4, edid[19]);
        Assert.Equal(0xA5, edid[20]);
        Assert.Equal(32, edid[21]);
        Assert.Equal(20, edid[22]);
        Assert.Equal(1, edid[126]);
        Assert.Equal(0x02, edid[128]);
        Assert.Equal(0x03, edid[129]);
    }

    [Fact]
    public void SrgbChromaticityMatchesQemusEncoding()
    {
        byte[] edid = EdidGenerator.Generate(1280, 800);

        Assert.Equal(new byte[] { 0xEE, 0x91, 0xA3, 0x54, 0x4C, 0x99, 0x26, 0x0F, 0x50, 0x54 }, edid[25..35]);
    }

    [Fact]
    public void PreferredTimingFor1280x800HasTheBytesQemuGenerates()
    {
        byte[] edid = EdidGenerator.Generate(1280, 800);

        // QEMU 10.0.2's base block bytes 54..71 for a 1280x800 console (protocol reference 4.8).
        byte[] qemu = [0xEA, 0x29, 0x00, 0xC0, 0x51, 0x20, 0x1C, 0x30, 0x40, 0x26, 0x44, 0x40, 0x45, 0xCB, 0x10, 0x00, 0x00, 0x18];
        Assert.Equal(qemu, edid[54..72]);
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(640, 480)]
    [InlineData(3000, 2000)]
    [InlineData(4095, 17)]
    public void PreferredTimingDecodesToTheRequestedSize(int width, int height)
    {
        var dtd = EdidGenerator.Generate(width, height).AsSpan(54, 18);

        int clock10kHz = BinaryPrimitives.ReadUInt16LittleEndian(dtd);
        int hActive = dtd[2] | (dtd[4] >> 4) << 8;
        int hBlank = dtd[3] | (dtd[4] & 0xF) << 8;
        int vActive = dtd[5] | (dtd[7] >> 4) << 8;
        int vBlank = dtd[6] | (dtd[7] & 0xF) << 8;
        int hFront = dtd[8] | (dtd[11] >> 6 & 3) << 8;
        int hSync = dtd[9] | (dtd[11] >> 4 & 3) << 8;
        int vFront = dtd[10] >> 4 | (dtd[11] >> 2 & 3) << 4;
        int vSync = dtd[10] & 0xF | (dtd[11] & 3) << 4;

        Assert.Equal(width, hActive);
        Assert.Equal(height, vActive);
        Assert.True(clock10kHz > 0);
        Assert.True(hFront >= 1 && hSync >= 1 && hFront + hSync < hBlank);
        Assert.True(vFront >= 1 && vSync >= 1 && vFront + vSync < vBlank);
        double refresh = clock10kHz * 10_000.0 / ((width + hBlank) * (double)(height + vBlank));
        Assert.InRange(refresh, 1, 76);
    }

    [Fact]
    public void DescriptorsAreRangeLimitsNameAndDummy()
    {
        byte[] edid = EdidGenerator.Generate(1280, 800);

        Assert.Equal(0xFD, edid[72 + 3]);
        Assert.Equal(0xFC, edid[90 + 3]);
        Assert.Equal("VhostGpu\n", System.Text.Encoding.ASCII.GetString(edid, 95, 9));
        Assert.Equal(0x10, edid[108 + 3]);
        // Range limits must admit the preferred timing: 75 Hz and 107.3 MHz.
        Assert.InRange(75, edid[77], edid[78]);
        Assert.True(edid[81] * 10 >= 108);
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(1024, 768)]
    [InlineData(800, 600)]
    [InlineData(1920, 1200)]
    [InlineData(300, 200)]
    public void EveryAdvertisedModeFitsThePreferredSize(int width, int height)
    {
        byte[] edid = EdidGenerator.Generate(width, height);
        var modes = new List<(int W, int H)>();

        if ((edid[35] & 0x20) != 0) modes.Add((640, 480));
        if ((edid[35] & 0x01) != 0) modes.Add((800, 600));
        if ((edid[36] & 0x08) != 0) modes.Add((1024, 768));
        Assert.Equal(0, edid[35] & ~0x21);
        Assert.Equal(0, edid[36] & ~0x08);
        Assert.Equal(0, edid[37]);
        for (int i = 38; i < 54; i += 2)
        {
            if (edid[i] == 0x01 && edid[i + 1] == 0x01)
            {
                continue;
            }
            int w = (edid[i] + 31) * 8;
            int h = (edid[i + 1] >> 6) switch { 0 => w * 10 / 16, 1 => w * 3 / 4, 2 => w * 4 / 5, _ => w * 9 / 16 };
            Assert.Equal(0, edid[i + 1] & 0x3F);
            modes.Add((w, h));
        }
        var vics = new Dictionary<int, (int, int)> { [1] = (640, 480), [4] = (1280, 720), [16] = (1920, 1080), [97] = (3840, 2160), [102] = (4096, 2160) };
        int dtdOffset = edid[128 + 2];
        if (dtdOffset > 4)
        {
            Assert.Equal(2, edid[128 + 4] >> 5);
            int count = edid[128 + 4] & 0x1F;
            Assert.Equal(5 + count, dtdOffset);
            for (int i = 0; i < count; i++)
            {
                modes.Add(vics[edid[128 + 5 + i]]);
            }
        }

        Assert.All(modes, m => Assert.True(m.W <= width && m.H <= height, $"{m.W}x{m.H} listed for a {width}x{height} display"));
    }

    [Fact]
    public void A1280x800DisplayListsTheCommonSmallerModes()
    {
        byte[] edid = EdidGenerator.Generate(1280, 800);

        Assert.Equal(0x21, edid[35]);
        Assert.Equal(0x08, edid[36]);
        Assert.Equal(new byte[] { 0x81, 0xC0 }, edid[38..40]);
        Assert.Equal(new byte[] { 0x42, 0x04, 0x01 }, edid[132..135]);
    }

    [Fact]
    public void ATinyDisplayHasNoVideoDataBlock()
    {
        byte[] edid = EdidGenerator.Generate(16, 16);

        Assert.Equal(4, edid[128 + 2]);
        Assert.All(edid[(128 + 4)..255], b => Assert.Equal(0, b));
        Assert.Equal(0, edid[35] | edid[36] | edid[37]);
    }

    [Theory]
    [InlineData(0, 800)]
    [InlineData(1280, 0)]
    [InlineData(4096, 800)]
    [InlineData(1280, -1)]
    public void SizesADescriptorCannotCarryAreRefused(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EdidGenerator.Generate(width, height));
    }
}
