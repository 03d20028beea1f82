using System.Diagnostics;
using VhostGpu.TestSupport.Display;

namespace VhostGpu.Tests.Display;

/// <summary>xdotool against a private Xvfb: the user's hands (resizing, typing).</summary>
internal static class XDoTool
{
    /// <summary>Runs xdotool with <paramref name="arguments"/>; returns its standard output, fails the test on an error.</summary>
    public static string Run(XvfbServer xvfb, string arguments)
    {
        var start = new ProcessStartInfo("xdotool", arguments)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["DISPLAY"] = xvfb.Display;
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("xdotool did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(15_000))
        {
            process.Kill();
            throw new TimeoutException($"xdotool {arguments} did not finish");
        }
        Assert.True(process.ExitCode == 0, $"xdotool {arguments} failed: {process.StandardError.ReadToEnd()}");
        return output.Result;
    }
}
