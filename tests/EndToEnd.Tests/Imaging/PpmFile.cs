using System.Text;

namespace VhostGpu.EndToEnd.Imaging;

/// <summary>
/// Binary PPM (P6), the format of QEMU's screendump: "P6", width, height, maxval 255, separated by
/// whitespace (comment lines allowed in the header), one whitespace byte, then R, G, B per pixel.
/// </summary>
public static class PpmFile
{
    public static RgbImage Read(string path) => Parse(File.ReadAllBytes(path), path);

    public static RgbImage Parse(ReadOnlySpan<byte> data, string source = "PPM data")
    {
        int position = 0;
        string magic = NextToken(data, ref position, source);
        if (magic != "P6")
        {
            throw new InvalidDataException($"{source}: magic '{magic}', expected P6");
        }

        int width = NextNumber(data, ref position, source);
        int height = NextNumber(data, ref position, source);
        int maxValue = NextNumber(data, ref position, source);
        if (maxValue != 255)
        {
            throw new InvalidDataException($"{source}: maxval {maxValue}, only 255 is supported");
        }

        position++;
        long pixelBytes = (long)width * height * RgbImage.BytesPerPixel;
        if (width <= 0 || height <= 0 || data.Length - position != pixelBytes)
        {
            throw new InvalidDataException($"{source}: {data.Length - position} pixel bytes for {width}x{height}");
        }

        return new RgbImage(width, height, data[position..].ToArray());
    }

    public static void Write(string path, RgbImage image)
    {
        using FileStream file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n"));
        file.Write(image.Pixels);
    }

    private static string NextToken(ReadOnlySpan<byte> data, ref int position, string source)
    {
        while (position < data.Length && (IsWhitespace(data[position]) || data[position] == (byte)'#'))
        {
            if (data[position] == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n')
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        int start = position;
        while (position < data.Length && !IsWhitespace(data[position]))
        {
            position++;
        }

        if (start == position)
        {
            throw new InvalidDataException($"{source}: header ends early");
        }

        return Encoding.ASCII.GetString(data[start..position]);
    }

    private static int NextNumber(ReadOnlySpan<byte> data, ref int position, string source)
    {
        string token = NextToken(data, ref position, source);
        return int.TryParse(token, out int value) && value >= 0
            ? value
            : throw new InvalidDataException($"{source}: '{token}' is not a header number");
    }

    private static bool IsWhitespace(byte value) => value is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
