using VhostGpu.EndToEnd.Guest;

namespace VhostGpu.EndToEnd.Qemu;

/// <summary>
/// The QEMU 10 command line for the test guest (see docs/environment.md): q35 under TCG, guest RAM
/// in a shared memfd so the back-end can map it, vhost-user-gpu-pci as the only display, the
/// serial port and QMP on unix sockets the test listens on.
/// </summary>
public static class QemuCommandLine
{
    /// <summary>
    /// No -no-reboot: with it QEMU turns QMP system_reset into a shutdown. The cursor and console
    /// blanking are off so that only the test images reach the screen.
    /// </summary>
    private const string KernelArguments = "console=ttyS0 quiet panic=-1 vt.global_cursor_default=0 consoleblank=0";

    public static IReadOnlyList<string> For(TestGuest guest, string backendSocket, string serialSocket, string qmpSocket) =>
    [
        "-nodefaults",
        "-machine", "q35,accel=tcg",
        "-cpu", "max",
        "-m", "512",
        "-object", "memory-backend-memfd,id=mem,size=512M,share=on",
        "-numa", "node,memdev=mem",
        "-chardev", $"socket,id=vgpu,path={backendSocket}",
        "-device", $"vhost-user-gpu-pci,chardev=vgpu,xres={guest.Width},yres={guest.Height}",
        "-vga", "none",
        "-display", "none",
        "-kernel", guest.Kernel,
        "-initrd", guest.Initrd,
        "-append", KernelArguments,
        "-chardev", $"socket,id=serial,path={serialSocket}",
        "-serial", "chardev:serial",
        "-chardev", $"socket,id=qmp,path={qmpSocket}",
        "-mon", "chardev=qmp,mode=control",
    ];
}
