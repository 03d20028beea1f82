using VhostGpu.Diagnostics;

namespace VhostGpu.Gpu;

/// <summary>
/// Logs guest misbehaviour without letting a guest flood the log: the first occurrence of each
/// kind is a warning, repeats go to the debug level.
/// </summary>
internal sealed class GuestErrorLog
{
    private readonly HashSet<string> _seen = [];

    public void Report(string kind, string detail)
    {
        if (_seen.Add(kind))
        {
            Log.Warning?.Write("gpu", $"{kind}: {detail} (repeats are logged at debug level)");
        }
        else
        {
            Log.Debug?.Write("gpu", $"{kind}: {detail}");
        }
    }
}
