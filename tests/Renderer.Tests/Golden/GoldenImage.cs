using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;

namespace VhostGpu.Tests.Golden;

/// <summary>
/// Compares a frame with assets/golden/NAME.png. On a mismatch it writes NAME.actual.png and
/// NAME.diff.png into the test output's golden-failures folder and names them in the failure.
/// VHOSTGPU_UPDATE_GOLDEN=1 rewrites the golden instead (for a person who has looked at the change).
/// </summary>
public static class GoldenImage
{
    /// <param name="tolerance">Largest per-channel difference a pixel may have and still match.</param>
    public static void AssertMatches(BgraFrame actual, string name, int tolerance = 0)
    {
        string golden = Path.Combine(RepositoryPaths.GoldenDirectory, name + ".png");
        if (Environment.GetEnvironmentVariable("VHOSTGPU_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(RepositoryPaths.GoldenDirectory);
            PngFile.Save(actual, golden);
            return;
        }
        if (!File.Exists(golden))
        {
            Assert.Fail($"no golden image {golden}; actual written to {WriteActual(actual, name)}");
        }
        BgraFrame expected = PngFile.Load(golden);
        if (expected.Width != actual.Width || expected.Height != actual.Height)
        {
            Assert.Fail($"{name}: golden is {expected.Width}x{expected.Height}, actual {actual.Width}x{actual.Height}; " +
                $"actual written to {WriteActual(actual, name)}");
        }
        AssertClose(expected, actual, name, tolerance, $"golden {golden}");
    }

    /// <summary>Compares two frames; on a mismatch writes NAME.actual.png and NAME.diff.png and names them.</summary>
    public static void AssertClose(BgraFrame expected, BgraFrame actual, string name, int tolerance, string what = "")
    {
        FrameDifference difference = FrameDifference.Measure(expected, actual, tolerance);
        if (difference.PixelsOverTolerance == 0)
        {
            return;
        }
        string actualPath = WriteActual(actual, name);
        string diffPath = Path.Combine(RepositoryPaths.FailureDirectory, name + ".diff.png");
        PngFile.Save(difference.Picture, diffPath);
        Assert.Fail($"{name}: {difference.PixelsOverTolerance} pixels differ by more than {tolerance} " +
            $"(largest {difference.LargestChannelDifference}, first at {difference.FirstX},{difference.FirstY}: " +
            $"expected 0x{expected.PixelAt(difference.FirstX, difference.FirstY):X8}, " +
            $"actual 0x{actual.PixelAt(difference.FirstX, difference.FirstY):X8}); " +
            $"actual {actualPath}, diff {diffPath} {what}");
    }

    private static string WriteActual(BgraFrame actual, string name)
    {
        Directory.CreateDirectory(RepositoryPaths.FailureDirectory);
        string path = Path.Combine(RepositoryPaths.FailureDirectory, name + ".actual.png");
        PngFile.Save(actual, path);
        return path;
    }
}
