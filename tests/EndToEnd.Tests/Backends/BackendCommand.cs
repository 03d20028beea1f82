namespace VhostGpu.EndToEnd.Backends;

/// <summary>How to start one vhost-user-gpu back-end; --socket-path is added when it starts.</summary>
public sealed record BackendCommand(string Name, string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>QEMU's own back-end from the qemu-system-gui package, the control in the tests.</summary>
    public static BackendCommand Reference { get; } = new("qemu-reference", "/usr/lib/qemu/vhost-user-gpu", []);

    /// <summary>Our daemon, logging at debug level so a failure can be traced in its log.</summary>
    public static BackendCommand VhostGpu { get; } = new("vhostgpu", RepositoryLayout.VhostGpuDaemon, ["--log-level=debug"]);
}
