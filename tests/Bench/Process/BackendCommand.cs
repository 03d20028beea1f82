namespace VhostGpu.Bench.Process;

/// <summary>
/// A back-end command line as the user gave it (e.g. <c>/usr/lib/qemu/vhost-user-gpu</c> or
/// <c>"dotnet vhost-user-gpu.dll"</c>), split on whitespace; the benchmark appends
/// <c>--socket-path PATH</c> the way QEMU's documentation starts back-ends.
/// </summary>
public sealed record BackendCommand(string Label, string Executable, IReadOnlyList<string> Arguments)
{
    public static BackendCommand Parse(string commandLine, string? label = null)
    {
        string[] words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            throw new ArgumentException("empty back-end command", nameof(commandLine));
        }
        return new BackendCommand(label ?? DefaultLabel(words[0]), words[0], words[1..]);
    }

    public override string ToString() => string.Join(' ', [Executable, .. Arguments]);

    // The reference back-end and ours share the binary name, so the parent folder tells them apart.
    private static string DefaultLabel(string executable)
    {
        string full = Path.GetFullPath(executable);
        string? parent = Path.GetFileName(Path.GetDirectoryName(full));
        return parent == "qemu" ? "qemu" : "vhostgpu";
    }
}
