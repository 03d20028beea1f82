using VhostGpu.Display.Window;

namespace VhostGpu.Display;

/// <summary>
/// The sink a device talks to, as built from --display and --screenshot-dir, and the window sink
/// inside it (if any) whose events the composition root wires up: resizes to the device's
/// display-change notification, closing to the daemon's stop.
/// </summary>
public sealed record DisplayStack(IDisplaySink Sink, WindowDisplaySink? Window)
{
    /// <summary>
    /// Builds the stack: the chosen display, plus PNG screenshots of every scanout in
    /// <paramref name="screenshotDirectory"/> when given (headless writes them itself; the others get a
    /// headless observer). Null with the reason when the window system cannot be opened.
    /// </summary>
    public static DisplayStack? TryCreate(DisplayKind kind, string? screenshotDirectory, int scanouts,
        Func<IDisplaySink> createQemuSink, out string? error)
    {
        var modes = new PreferredModes(scanouts);
        error = null;
        IDisplaySink primary;
        WindowDisplaySink? window = null;
        switch (kind)
        {
            case DisplayKind.Headless:
                return new DisplayStack(new HeadlessDisplaySink(modes, screenshotDirectory), null);
            case DisplayKind.Window:
                window = WindowDisplaySink.TryOpen(modes, screenshotDirectory, x11Display: null, out error);
                if (window is null)
                {
                    return null;
                }
                primary = window;
                break;
            default:
                primary = createQemuSink();
                break;
        }
        IDisplaySink sink = screenshotDirectory is null
            ? primary
            : new FanOutDisplaySink(primary, [new HeadlessDisplaySink(new PreferredModes(scanouts), screenshotDirectory)]);
        return new DisplayStack(sink, window);
    }

    /// <summary>Parses a --display value (qemu, window or headless).</summary>
    public static bool TryParseKind(string text, out DisplayKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);
}
