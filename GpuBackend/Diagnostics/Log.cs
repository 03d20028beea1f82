namespace VhostGpu.Diagnostics;

public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
    None,
}

/// <summary>
/// One line per event on stderr: time, level, component, message. Disabled levels are null so
/// that hot paths pay nothing: <c>Log.Debug?.Write("virtio", $"...")</c> does not even format.
/// </summary>
public static class Log
{
    private static readonly object Gate = new();
    private static LogLevel _level = LogLevel.Info;

    public static LogWriter? Debug { get; private set; }

    public static LogWriter? Info { get; private set; } = new(LogLevel.Info);

    public static LogWriter? Warning { get; private set; } = new(LogLevel.Warning);

    public static LogWriter? Error { get; private set; } = new(LogLevel.Error);

    public static TextWriter Output { get; set; } = Console.Error;

    public static LogLevel Level
    {
        get => _level;
        set
        {
            _level = value;
            Debug = value <= LogLevel.Debug ? new LogWriter(LogLevel.Debug) : null;
            Info = value <= LogLevel.Info ? new LogWriter(LogLevel.Info) : null;
            Warning = value <= LogLevel.Warning ? new LogWriter(LogLevel.Warning) : null;
            Error = value <= LogLevel.Error ? new LogWriter(LogLevel.Error) : null;
        }
    }

    public static bool TryParseLevel(string text, out LogLevel level) =>
        Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level);

    internal static void Emit(LogLevel level, string component, string message)
    {
        string tag = level switch
        {
            LogLevel.Debug => "DEBUG",
            LogLevel.Info => "INFO ",
            LogLevel.Warning => "WARN ",
            _ => "ERROR",
        };
        lock (Gate)
        {
            Output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {tag} [{component}] {message}");
            Output.Flush();
        }
    }
}

/// <summary>Writes lines at one level; obtained from <see cref="Log"/> only when that level is enabled.</summary>
public sealed class LogWriter(LogLevel level)
{
    public void Write(string component, string message) => Log.Emit(level, component, message);
}
