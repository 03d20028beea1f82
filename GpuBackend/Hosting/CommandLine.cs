using VhostGpu.Diagnostics;
using VhostGpu.Display;

namespace VhostGpu.Hosting;

/// <summary>
/// The daemon's command line: QEMU's vhost-user back-end conventions (vhost-user.rst "Backend
/// program conventions") plus the GPU options of QEMU's reference back-end and our own.
/// Options take their value as the next argument or after '='.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: vhost-user-gpu (-s PATH | -f FD) [options]
          -s, --socket-path PATH     listen for the front-end on a unix socket at PATH
          -f, --fd FD                serve the already connected socket FD, exit when it closes
          -c, --print-capabilities   print the back-end capabilities as JSON and exit
          -r, --render-node PATH     accepted for compatibility; 2D rendering does not use it
          -v, --virgl                3D (virgl) rendering: not supported, refused
              --max-hostmem BYTES    host memory for guest resources (suffix K, M or G; default 256M)
              --log-level LEVEL      debug, info, warning, error or none (default info)
              --display KIND         where scanouts are shown: qemu (QEMU's console, default), window
                                     (VhostGpu's own windows; needs X) or headless
              --screenshot-dir DIR   keep DIR/scanout-N.png showing each scanout (any display)
              --migratable-unsafe    offer dirty logging (VHOST_F_LOG_ALL) so QEMU allows migration,
                                     although GPU resources and scanouts are not migrated
          -h, --help                 show this help and exit
        """;

    /// <summary>Parses <paramref name="args"/>; null with a one-line reason on any mistake.</summary>
    public static DaemonOptions? TryParse(IReadOnlyList<string> args, out string? error)
    {
        var options = new DaemonOptions();
        string? failure = null;
        for (int i = 0; i < args.Count && failure == null; i++)
        {
            string arg = args[i];
            string name = arg;
            string? inlineValue = null;
            int eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                inlineValue = arg[(eq + 1)..];
            }
            string? Value()
            {
                if (inlineValue != null)
                {
                    return inlineValue;
                }
                if (i + 1 < args.Count)
                {
                    return args[++i];
                }
                failure = $"{name} needs a value";
                return null;
            }
            options = name switch
            {
                "-s" or "--socket-path" => Value() is { } path ? options with { SocketPath = path } : options,
                "-f" or "--fd" => Value() is { } fd ? ParseFd(fd, options, ref failure) : options,
                "-c" or "--print-capabilities" => options with { PrintCapabilities = true },
                "-r" or "--render-node" => Value() is { } node ? options with { RenderNode = node } : options,
                "-v" or "--virgl" => options with { Virgl = true },
                "-h" or "--help" => options with { ShowHelp = true },
                "--max-hostmem" => Value() is { } size ? ParseSize(size, options, ref failure) : options,
                "--log-level" => Value() is { } level ? ParseLevel(level, options, ref failure) : options,
                "--display" => Value() is { } display ? ParseDisplay(display, options, ref failure) : options,
                "--screenshot-dir" => Value() is { } directory ? options with { ScreenshotDirectory = directory } : options,
                "--migratable-unsafe" => options with { MigratableUnsafe = true },
                _ => Unknown(arg, options, ref failure),
            };
            if (failure == null && inlineValue != null && name is "-c" or "--print-capabilities" or "-v" or "--virgl" or "-h" or "--help" or "--migratable-unsafe")
            {
                failure = $"{name} takes no value";
            }
        }
        if (failure == null && !options.ShowHelp && !options.PrintCapabilities)
        {
            failure = (options.SocketPath, options.InheritedFd) switch
            {
                (null, null) => "either --socket-path or --fd is required",
                ({ }, { }) => "--socket-path and --fd are mutually exclusive",
                _ => null,
            };
        }
        error = failure;
        return failure == null ? options : null;
    }

    /// <summary>A byte count with an optional binary suffix K, M or G; null when malformed or not positive.</summary>
    public static long? ParseByteSize(string text)
    {
        int shift = text.Length == 0 ? 0 : char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            _ => 0,
        };
        string digits = shift == 0 ? text : text[..^1];
        if (!long.TryParse(digits, System.Globalization.NumberStyles.None, null, out long value) || value <= 0 || value > long.MaxValue >> shift)
        {
            return null;
        }
        return value << shift;
    }

    private static DaemonOptions ParseFd(string text, DaemonOptions options, ref string? error)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, null, out int fd) && fd > 2)
        {
            return options with { InheritedFd = fd };
        }
        error = $"--fd needs a descriptor number above 2, got '{text}'";
        return options;
    }

    private static DaemonOptions ParseSize(string text, DaemonOptions options, ref string? error)
    {
        if (ParseByteSize(text) is { } bytes)
        {
            return options with { MaxHostMemory = bytes };
        }
        error = $"--max-hostmem needs a positive byte count (suffix K, M or G allowed), got '{text}'";
        return options;
    }

    private static DaemonOptions ParseLevel(string text, DaemonOptions options, ref string? error)
    {
        if (Log.TryParseLevel(text, out var level))
        {
            return options with { LogLevel = level };
        }
        error = $"--log-level must be debug, info, warning, error or none, got '{text}'";
        return options;
    }

    private static DaemonOptions ParseDisplay(string text, DaemonOptions options, ref string? error)
    {
        if (DisplayStack.TryParseKind(text, out var kind))
        {
            return options with { Display = kind };
        }
        error = $"--display must be qemu, window or headless, got '{text}'";
        return options;
    }

    private static DaemonOptions Unknown(string arg, DaemonOptions options, ref string? error)
    {
        error = $"unknown option '{arg}'";
        return options;
    }
}
