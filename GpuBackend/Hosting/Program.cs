using System.Runtime.InteropServices;
using VhostGpu.Diagnostics;
using VhostGpu.Display;
using VhostGpu.Gpu;
using VhostGpu.VhostUser;

namespace VhostGpu.Hosting;

/// <summary>The composition root: options, then the device and its display, then the server.</summary>
public static class Program
{
    public static int Main(string[] args) => Start(args, DisplayKind.Qemu);

    /// <summary>Runs the daemon; <paramref name="defaultDisplay"/> applies when --display is not given (the viewer shows windows).</summary>
    public static int Start(IReadOnlyList<string> args, DisplayKind defaultDisplay)
    {
        var options = CommandLine.TryParse(args, out string? error);
        if (options == null)
        {
            Console.Error.WriteLine($"vhost-user-gpu: {error}");
            Console.Error.WriteLine(CommandLine.Usage);
            return 1;
        }
        if (options.ShowHelp)
        {
            Console.Out.WriteLine(CommandLine.Usage);
            return 0;
        }
        if (options.PrintCapabilities)
        {
            Console.Out.WriteLine(Capabilities.Json);
            return 0;
        }
        if (options.Virgl)
        {
            Console.Error.WriteLine("vhost-user-gpu: --virgl: 3D (virgl) rendering is not implemented; this back-end serves 2D only");
            return 1;
        }
        Log.Level = options.LogLevel;
        if (options.RenderNode != null)
        {
            Log.Info?.Write("main", $"render node {options.RenderNode} ignored: 2D rendering happens on the CPU");
        }
        if (options.MigratableUnsafe)
        {
            Log.Warning?.Write("main", "--migratable-unsafe: dirty logging offered; GPU resources and scanouts will not survive a migration");
        }
        return Run(options, options.Display ?? defaultDisplay);
    }

    private static int Run(DaemonOptions options, DisplayKind display)
    {
        var deviceOptions = new GpuDeviceOptions { MaxHostMemory = options.MaxHostMemory };
        DisplayStack? stack = DisplayStack.TryCreate(display, options.ScreenshotDirectory, deviceOptions.ConfigScanouts,
            () => new QemuDisplaySink(), out string? displayError);
        if (stack == null)
        {
            Log.Error?.Write("main", $"--display {display.ToString().ToLowerInvariant()}: {displayError}");
            return 1;
        }
        using var sink = stack.Sink;
        var device = new GpuDevice(deviceOptions, sink);
        var server = new SessionServer(device, new SessionOptions(OfferDirtyLogging: options.MigratableUnsafe));
        if (stack.Window is { } window)
        {
            window.PreferredModesChanged += device.NotifyDisplayChanged;
            window.Closed += server.Stop;
        }
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        return options.SocketPath != null ? server.ServeListening(options.SocketPath) : server.ServeInherited(options.InheritedFd!.Value);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            Log.Info?.Write("main", $"{context.Signal}: stopping");
            server.Stop();
        }
    }
}
