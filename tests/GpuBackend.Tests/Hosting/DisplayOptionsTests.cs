using VhostGpu.Display;
using VhostGpu.Hosting;

namespace VhostGpu.Tests.Hosting;

public sealed class DisplayOptionsTests
{
    [Fact]
    public void Display_and_screenshot_directory_parse_in_both_forms()
    {
        DaemonOptions? options = CommandLine.TryParse(["-s", "/x", "--display", "headless", "--screenshot-dir=/tmp/shots"], out _);
        Assert.Equal(DisplayKind.Headless, options!.Display);
        Assert.Equal("/tmp/shots", options.ScreenshotDirectory);
        Assert.Equal(DisplayKind.Window, CommandLine.TryParse(["-s", "/x", "--display=window"], out _)!.Display);
    }

    [Fact]
    public void Without_display_the_program_default_applies()
    {
        DaemonOptions? options = CommandLine.TryParse(["-s", "/x"], out _);
        Assert.Null(options!.Display);
        Assert.Null(options.ScreenshotDirectory);
    }

    [Theory]
    [InlineData("gtk")]
    [InlineData("2")]
    public void Unknown_displays_are_refused_with_the_choices(string display)
    {
        Assert.Null(CommandLine.TryParse(["-s", "/x", "--display", display], out string? error));
        Assert.Contains("qemu, window or headless", error);
    }
}
