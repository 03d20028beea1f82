namespace VhostGpu.Display;

/// <summary>
/// A display with no screen: offers the guest fixed preferred modes and, given a directory,
/// keeps a PNG of every scanout there. Needs no GL, X or window system.
/// </summary>
public sealed class HeadlessDisplaySink : BoardDisplaySink
{
    private readonly ScreenshotWriter? _screenshots;

    public HeadlessDisplaySink(PreferredModes modes, string? screenshotDirectory)
        : base(modes)
    {
        _screenshots = screenshotDirectory is null ? null : new ScreenshotWriter(Board, modes, screenshotDirectory);
    }

    /// <summary>Where scanout PNGs go, or null when none are written.</summary>
    public string? ScreenshotDirectory => _screenshots?.Directory;

    protected override void StopConsuming() => _screenshots?.Dispose();
}
