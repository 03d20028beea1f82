using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VhostGpu.Bench.Measuring;

namespace VhostGpu.Bench.Reporting;

/// <summary>
/// The PNG: one row per workload, one panel per figure (rate, MB/s, p99 latency, CPU per
/// operation, peak RSS), one bar per back-end scaled to the larger of the pair, its value above
/// it, and the ratio first ÷ second under the panel.
/// </summary>
public static class BarChart
{
    private const int Scale = 2;
    private const int LabelWidth = 190;
    private const int PanelWidth = 170;
    private const int RowHeight = 200;
    private const int HeaderHeight = 90;
    private const int BarWidth = 44;
    private const int BarMaxHeight = 110;

    private static readonly Rgba32 Background = new(255, 255, 255);
    private static readonly Rgba32 Ink = new(30, 30, 30);
    private static readonly Rgba32 Grid = new(210, 210, 210);
    private static readonly Rgba32[] BackendColours = [new(46, 110, 190), new(230, 130, 40), new(90, 160, 80)];

    private static readonly (string Title, Func<Summary, double> Value)[] Figures =
    [
        ("/S", s => s.OperationsPerSecond),
        ("MB/S", s => s.MegabytesPerSecond),
        ("P99 MS", s => s.LatencyP99Ms),
        ("CPU MS/OP", s => s.CpuMillisecondsPerOperation),
        ("RSS MB", s => s.PeakRssMegabytes),
    ];

    public static void Save(BenchReport report, string path)
    {
        var workloads = report.Memcpy.Select(m => m.Workload).ToList();
        var labels = report.Backends.Select(b => b.Label).ToList();
        int width = LabelWidth + (Figures.Length * PanelWidth) + 20;
        int height = HeaderHeight + (workloads.Count * RowHeight) + 20;
        using var image = new Image<Rgba32>(width, height, Background);
        PixelFont.Draw(image, $"VHOSTGPU BENCHMARK {report.StartedUtc:yyyy-MM-dd HH:mm} UTC, LOAD {report.LoadAverageBefore.ToString("F1", CultureInfo.InvariantCulture)}", 20, 16, Scale, Ink);
        int legendX = 20;
        for (int b = 0; b < labels.Count; b++)
        {
            PixelFont.Fill(image, legendX, 50, 14 * Scale / 2, 14 * Scale / 2, BackendColours[b % BackendColours.Length]);
            PixelFont.Draw(image, labels[b], legendX + 22, 50, Scale, Ink);
            legendX += 40 + PixelFont.Measure(labels[b], Scale);
        }
        if (labels.Count == 2)
        {
            PixelFont.Draw(image, $"RATIO = {labels[0]} / {labels[1]}", legendX + 20, 50, Scale, Ink);
        }
        for (int w = 0; w < workloads.Count; w++)
        {
            int top = HeaderHeight + (w * RowHeight);
            PixelFont.Fill(image, 10, top, width - 20, 1, Grid);
            var rows = labels.Select(l => report.Summaries.Single(s => s.Backend == l && s.Workload == workloads[w])).ToList();
            PixelFont.Draw(image, workloads[w], 20, top + 20, Scale, Ink);
            for (int f = 0; f < Figures.Length; f++)
            {
                DrawPanel(image, LabelWidth + (f * PanelWidth), top, Figures[f], rows);
            }
        }
        image.SaveAsPng(path);
    }

    private static void DrawPanel(Image<Rgba32> image, int left, int top, (string Title, Func<Summary, double> Value) figure, List<Summary> rows)
    {
        var values = rows.Select(r => r.ValidRounds > 0 ? figure.Value(r) : 0).ToList();
        double max = Math.Max(values.Max(), 1e-12);
        int baseline = top + 24 + BarMaxHeight;
        for (int b = 0; b < rows.Count; b++)
        {
            int x = left + 10 + (b * (BarWidth + 10));
            int h = (int)Math.Round(values[b] / max * BarMaxHeight);
            PixelFont.Fill(image, x, baseline - h, BarWidth, h, BackendColours[b % BackendColours.Length]);
            string text = rows[b].ValidRounds > 0 ? Compact(values[b]) : "FAIL";
            PixelFont.Draw(image, text, x + ((BarWidth - PixelFont.Measure(text, 1)) / 2), baseline - h - 10, 1, Ink);
        }
        PixelFont.Fill(image, left + 5, baseline, PanelWidth - 20, 1, Ink);
        string title = figure.Title == "/S" ? $"{rows[0].OperationName}/S" : figure.Title;
        PixelFont.Draw(image, title, left + 10, baseline + 10, Scale - 1, Ink);
        if (rows.Count == 2 && values[1] > 0 && rows.All(r => r.ValidRounds > 0))
        {
            PixelFont.Draw(image, $"{(values[0] / values[1]).ToString("F2", CultureInfo.InvariantCulture)}X", left + 10, baseline + 24, Scale, Ink);
        }
    }

    // Three significant digits, without exponent notation.
    private static string Compact(double v) => v switch
    {
        >= 100 => v.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => v.ToString("F2", CultureInfo.InvariantCulture),
        _ => v.ToString("F3", CultureInfo.InvariantCulture),
    };
}
