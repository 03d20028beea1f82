using System.Text.Json;
using VhostGpu.Interop;
using VhostGpu.TestSupport;
using VhostGpu.TestSupport.FrontEnd;

namespace VhostGpu.Tests.Protocol;

/// <summary>The daemon as a program: command line, socket file handling, signals.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public void Sigterm_StopsCleanly_AndRemovesTheSocket()
    {
        using var daemon = DaemonProcess.Start();
        using var guest = new TestGuest();
        using var fe = daemon.Connect();
        guest.Handshake(fe);

        Assert.True(daemon.Terminate());
        Assert.Equal(0, daemon.ExitCode);
        Assert.False(File.Exists(daemon.SocketPath));
        Assert.True(fe.WaitForClose());
    }

    [Fact]
    public void StaleSocketFile_IsReplaced()
    {
        using var dir = TemporaryDirectory.Create("vhostgpu-stale-");
        string path = Path.Combine(dir.Path, "gpu.sock");
        UnixSocket.Listen(path).Dispose();
        Assert.True(UnixSocket.IsSocketFile(path));

        using var daemon = DaemonProcess.StartAt(path);
        using (var fe = daemon.Connect())
        {
            Assert.Equal(2UL, fe.GetQueueNum());
        }
        Assert.Contains("removed stale socket", daemon.Log);
        Assert.True(daemon.Terminate());
        Assert.Equal(0, daemon.ExitCode);
    }

    [Fact]
    public void NonSocketFile_IsNotClobbered()
    {
        using var dir = TemporaryDirectory.Create("vhostgpu-file-");
        string path = Path.Combine(dir.Path, "precious");
        File.WriteAllText(path, "keep me");

        var (exit, _, stderr) = DaemonProcess.Run("--socket-path", path);

        Assert.NotEqual(0, exit);
        Assert.Contains("is not a socket", stderr);
        Assert.Equal("keep me", File.ReadAllText(path));
    }

    [Fact]
    public void OverlongSocketPath_IsRefused()
    {
        var (exit, _, stderr) = DaemonProcess.Run("--socket-path", "/tmp/" + new string('s', 120));

        Assert.NotEqual(0, exit);
        Assert.Contains("longer than 107 bytes", stderr);
    }

    [Fact]
    public void PrintCapabilities_IsTheVhostUserJsonForAGpu()
    {
        var (exit, stdout, _) = DaemonProcess.Run("--print-capabilities");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("gpu", json.RootElement.GetProperty("type").GetString());
        var features = json.RootElement.GetProperty("features").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.DoesNotContain("virgl", features);
    }

    [Fact]
    public void Virgl_IsRefusedWithAReason()
    {
        var (exit, _, stderr) = DaemonProcess.Run("--virgl", "--socket-path", "/nonexistent/never-created.sock");

        Assert.NotEqual(0, exit);
        Assert.Contains("virgl", stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_PrintsUsage(string option)
    {
        var (exit, stdout, _) = DaemonProcess.Run(option);

        Assert.Equal(0, exit);
        Assert.Contains("--socket-path", stdout);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--fd", "2")]
    [InlineData("--socket-path", "/tmp/x.sock", "--fd", "5")]
    [InlineData("--max-hostmem", "12Q", "-s", "/tmp/x.sock")]
    public void BadCommandLines_ExitNonZero(params string[] args)
    {
        var (exit, _, stderr) = DaemonProcess.Run(args);

        Assert.NotEqual(0, exit);
        Assert.Contains("Usage", stderr);
    }

    [Fact]
    public void InheritedFd_IsServedUntilItCloses()
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        // dup() drops CLOEXEC: the copy is what the child inherits.
        var inheritable = theirs.Duplicate();
        theirs.Dispose();
        using var daemon = DaemonProcess.StartOnFd(inheritable.Value);
        inheritable.Dispose();
        using (var fe = new VhostUserFrontEnd(ours))
        {
            Assert.Equal(2UL, fe.GetQueueNum());
        }

        Assert.True(daemon.WaitForExit(10_000), daemon.Log);
        Assert.Equal(0, daemon.ExitCode);
    }
}
