using VhostGpu.Display;

namespace VhostGpu.Viewer;

/// <summary>
/// The viewer: the VhostGpu back-end with its scanouts in windows on this desktop. Same command
/// line and daemon as vhost-user-gpu (QEMU starts or connects to it the same way); only the
/// display defaults to windows. Closing a window ends it.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Hosting.Program.Start(args, DisplayKind.Window);
}
