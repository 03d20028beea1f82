using VhostGpu.Diagnostics;
using VhostGpu.Display;

namespace VhostGpu.Hosting;

/// <summary>What the command line asked for (see <see cref="CommandLine"/> for the syntax).</summary>
public sealed record DaemonOptions
{
    public const long DefaultMaxHostMemory = 256L << 20;

    public string? SocketPath { get; init; }

    public int? InheritedFd { get; init; }

    public bool PrintCapabilities { get; init; }

    public bool ShowHelp { get; init; }

    public string? RenderNode { get; init; }

    public bool Virgl { get; init; }

    public long MaxHostMemory { get; init; } = DefaultMaxHostMemory;

    public LogLevel LogLevel { get; init; } = LogLevel.Info;

    /// <summary>--display; null: the program's default (QEMU's console for the daemon, a window for the viewer).</summary>
    public DisplayKind? Display { get; init; }

    /// <summary>--screenshot-dir: where PNGs of the scanouts are kept, or null for none.</summary>
    public string? ScreenshotDirectory { get; init; }

    /// <summary>Offer dirty-page logging although the device's own state does not migrate yet.</summary>
    public bool MigratableUnsafe { get; init; }
}
