using System.Text;
using VhostGpu.EndToEnd.Imaging;

namespace VhostGpu.EndToEnd;

public sealed class ImagingTests
{
    [Fact]
    public void PpmWithCommentInHeaderIsParsed()
    {
        byte[] data = [.. Encoding.ASCII.GetBytes("P6\n# made by a test\n2 1\n255\n"), 1, 2, 3, 4, 5, 6];

        RgbImage image = PpmFile.Parse(data);

        Assert.Equal((2, 1), (image.Width, image.Height));
        Assert.Equal(((byte)4, (byte)5, (byte)6), image[1, 0]);
    }

    [Theory]
    [InlineData("P5\n1 1\n255\n", 1)]
    [InlineData("P6\n1 1\n65535\n", 6)]
    [InlineData("P6\n2 2\n255\n", 3)]
    public void MalformedPpmIsRejected(string header, int pixelBytes)
    {
        byte[] data = [.. Encoding.ASCII.GetBytes(header), .. new byte[pixelBytes]];

        Assert.Throws<InvalidDataException>(() => PpmFile.Parse(data));
    }

    [Fact]
    public void PpmRoundTrips()
    {
        RgbImage image = new(2, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        string path = Path.GetTempFileName();
        try
        {
            PpmFile.Write(path, image);
            Assert.Equal(image.Pixels, PpmFile.Read(path).Pixels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BgrxFramebufferBecomesRgbAndSkipsStridePadding()
    {
        // 2x2 pixels, stride 12: one padding pixel per row that must not show up.
        byte[] framebuffer =
        [
            10, 20, 30, 0, 11, 21, 31, 0, 99, 99, 99, 99,
            12, 22, 32, 0, 13, 23, 33, 0, 99, 99, 99, 99,
        ];

        RgbImage image = RgbImage.FromBgrx(framebuffer, 2, 2, 12);

        Assert.Equal(new byte[] { 30, 20, 10, 31, 21, 11, 32, 22, 12, 33, 23, 13 }, image.Pixels);
    }

    [Fact]
    public void DifferenceCountsAndLocatesDifferingPixels()
    {
        RgbImage expected = new(3, 2, new byte[18]);
        byte[] changed = new byte[18];
        changed[(1 * 3 + 1) * 3] = 7;
        changed[(1 * 3 + 2) * 3 + 2] = 9;

        ImageDifference difference = ImageDifference.Between(expected, new RgbImage(3, 2, changed));

        Assert.Equal(2, difference.DifferingPixels);
        Assert.Equal((1, 1), difference.FirstDifference);
        Assert.Equal((1, 1, 3, 2), difference.Bounds);
        Assert.False(difference.IsEmpty);
        Assert.True(ImageDifference.Between(expected, new RgbImage(3, 2, new byte[18])).IsEmpty);
    }

    [Fact]
    public void ImagesOfDifferentSizeDiffer()
    {
        ImageDifference difference = ImageDifference.Between(new RgbImage(1, 1, new byte[3]), new RgbImage(1, 2, new byte[6]));

        Assert.True(difference.SizesDiffer);
        Assert.False(difference.IsEmpty);
    }
}
