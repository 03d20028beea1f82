using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace VhostGpu.Bench.Reporting;

/// <summary>
/// A 5x7 bitmap font for chart labels (ImageSharp.Drawing, which renders real fonts, is not in the
/// registry here). Upper case, digits and a few signs; lower case is drawn as upper case.
/// </summary>
public static class PixelFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    // Each glyph: 7 rows of 5 columns, '#' = ink.
    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['0'] = ".###.#...##..###.#.###..##...#.###.",
        ['1'] = "..#...##....#....#....#....#...###.",
        ['2'] = ".###.#...#....#...#...#...#...#####",
        ['3'] = "#####...#...#......#....##...#.###.",
        ['4'] = "...#...##..#.#.#..#.#####...#....#.",
        ['5'] = "######....####.....#....##...#.###.",
        ['6'] = "..##..#...#....####.#...##...#.###.",
        ['7'] = "#####....#...#...#...#....#....#...",
        ['8'] = ".###.#...##...#.###.#...##...#.###.",
        ['9'] = ".###.#...##...#.####....#...#..##..",
        ['A'] = ".###.#...##...#######...##...##...#",
        ['B'] = "####.#...##...#####.#...##...#####.",
        ['C'] = ".###.#...##....#....#....#...#.###.",
        ['D'] = "###..#..#.#...##...##...##..#.###..",
        ['E'] = "######....#....####.#....#....#####",
        ['F'] = "######....#....####.#....#....#....",
        ['G'] = ".###.#...##....#.####...##...#.####",
        ['H'] = "#...##...##...#######...##...##...#",
        ['I'] = ".###...#....#....#....#....#...###.",
        ['J'] = "..###...#....#....#....#.#..#..##..",
        ['K'] = "#...##..#.#.#..##...#.#..#..#.#...#",
        ['L'] = "#....#....#....#....#....#....#####",
        ['M'] = "#...###.###.#.##...##...##...##...#",
        ['N'] = "#...##...###..##.#.##..###...##...#",
        ['O'] = ".###.#...##...##...##...##...#.###.",
        ['P'] = "####.#...##...#####.#....#....#....",
        ['Q'] = ".###.#...##...##...##.#.##..#..##.#",
        ['R'] = "####.#...##...#####.#.#..#..#.#...#",
        ['S'] = ".#####....#.....###.....#....#####.",
        ['T'] = "#####..#....#....#....#....#....#..",
        ['U'] = "#...##...##...##...##...##...#.###.",
        ['V'] = "#...##...##...##...##...#.#.#...#..",
        ['W'] = "#...##...##...##.#.##.#.##.#.#.#.#.",
        ['X'] = "#...##...#.#.#...#...#.#.#...##...#",
        ['Y'] = "#...##...##...#.#.#...#....#....#..",
        ['Z'] = "#####....#...#...#...#...#....#####",
        ['.'] = "..........................##...##..",
        [','] = ".....................##...##...#...",
        ['-'] = "................###................",
        ['/'] = "....#....#...#...#...#...#....#....",
        ['%'] = "##...##..#...#...#...#...#..##...##",
        [':'] = "......##...##........##...##.......",
        ['('] = "...#...#...#....#....#.....#.....#.",
        [')'] = ".#.....#.....#....#....#...#...#...",
        ['+'] = ".......#....#..#####..#....#.......",
        ['='] = "..........#####.....#####..........",
        [' '] = "...................................",
    };

    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/> (one blank column between glyphs).</summary>
    public static int Measure(string text, int scale) => text.Length == 0 ? 0 : ((text.Length * (GlyphWidth + 1)) - 1) * scale;

    public static void Draw(Image<Rgba32> image, string text, int left, int top, int scale, Rgba32 colour)
    {
        int x = left;
        foreach (char ch in text)
        {
            if (Glyphs.TryGetValue(char.ToUpperInvariant(ch), out string? glyph))
            {
                for (int row = 0; row < GlyphHeight; row++)
                {
                    for (int col = 0; col < GlyphWidth; col++)
                    {
                        if (glyph[(row * GlyphWidth) + col] == '#')
                        {
                            Fill(image, x + (col * scale), top + (row * scale), scale, scale, colour);
                        }
                    }
                }
            }
            x += (GlyphWidth + 1) * scale;
        }
    }

    /// <summary>Fills a rectangle, clipped to the image.</summary>
    public static void Fill(Image<Rgba32> image, int left, int top, int width, int height, Rgba32 colour)
    {
        int x0 = Math.Max(left, 0), y0 = Math.Max(top, 0);
        int x1 = Math.Min(left + width, image.Width), y1 = Math.Min(top + height, image.Height);
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                image[x, y] = colour;
            }
        }
    }
}
