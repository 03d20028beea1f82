using VhostGpu.Display;
using VhostGpu.TestSupport;

namespace VhostGpu.Tests.Display;

public sealed class DisplayStackTests
{
    [Theory]
    [InlineData("qemu", DisplayKind.Qemu)]
    [InlineData("Window", DisplayKind.Window)]
    [InlineData("headless", DisplayKind.Headless)]
    public void Display_names_parse(string text, DisplayKind expected)
    {
        Assert.True(DisplayStack.TryParseKind(text, out DisplayKind kind));
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("sdl")]
    [InlineData("1")]
    [InlineData("")]
    public void Unknown_display_names_are_refused(string text)
    {
        Assert.False(DisplayStack.TryParseKind(text, out _));
    }

    [Fact]
    public void Headless_writes_its_own_screenshots_and_needs_no_qemu_sink()
    {
        using var directory = TemporaryDirectory.Reserve("vhostgpu-stack-");
        DisplayStack? stack = DisplayStack.TryCreate(DisplayKind.Headless, directory.Path, 2,
            () => throw new InvalidOperationException("headless asked for the QEMU sink"), out string? error);
        Assert.Null(error);
        using IDisplaySink sink = stack!.Sink;
        var headless = Assert.IsType<HeadlessDisplaySink>(sink);
        Assert.Equal(directory.Path, headless.ScreenshotDirectory);
        Assert.Equal([0, 1], headless.Modes.Enabled);
        Assert.Null(stack.Window);
        Assert.True(Directory.Exists(directory.Path), "the headless stack did not create its screenshot directory");
    }

    [Fact]
    public void Qemu_with_screenshots_fans_out_to_a_headless_observer()
    {
        using var directory = TemporaryDirectory.Reserve("vhostgpu-stack-");
        var primary = new HeadlessDisplaySink(new PreferredModes(1, 800, 600), null);
        DisplayStack? stack = DisplayStack.TryCreate(DisplayKind.Qemu, directory.Path, 1, () => primary, out _);
        using IDisplaySink sink = stack!.Sink;
        var fanOut = Assert.IsType<FanOutDisplaySink>(sink);
        Assert.Same(primary, fanOut.Primary);
        Assert.True(Directory.Exists(directory.Path), "the screenshot observer did not create its directory");
    }
}
