using VhostGpu.Diagnostics;
using VhostGpu.Hosting;

namespace VhostGpu.Tests.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public void ReferenceOptions_ShortLongAndEqualsForms()
    {
        var o = CommandLine.TryParse(["-s", "/tmp/a.sock", "--render-node=/dev/dri/renderD128", "--log-level", "warning"], out _);

        Assert.NotNull(o);
        Assert.Equal("/tmp/a.sock", o!.SocketPath);
        Assert.Equal("/dev/dri/renderD128", o.RenderNode);
        Assert.Equal(LogLevel.Warning, o.LogLevel);
        Assert.Equal(DaemonOptions.DefaultMaxHostMemory, o.MaxHostMemory);
        Assert.Equal(5, CommandLine.TryParse(["--fd=5"], out _)!.InheritedFd);
        Assert.True(CommandLine.TryParse(["--socket-path=/x", "--migratable-unsafe"], out _)!.MigratableUnsafe);
        Assert.True(CommandLine.TryParse(["-c"], out _)!.PrintCapabilities);
        Assert.True(CommandLine.TryParse(["-h"], out _)!.ShowHelp);
        Assert.True(CommandLine.TryParse(["-v", "-s", "/x"], out _)!.Virgl);
    }

    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("64K", 64L << 10)]
    [InlineData("512m", 512L << 20)]
    [InlineData("2G", 2L << 30)]
    public void MaxHostmem_AcceptsBinarySuffixes(string text, long bytes) =>
        Assert.Equal(bytes, CommandLine.TryParse(["-s", "/x", "--max-hostmem", text], out _)!.MaxHostMemory);

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1T")]
    [InlineData("G")]
    [InlineData("99999999999G")]
    [InlineData("1.5G")]
    public void MaxHostmem_RejectsNonsense(string text) => Assert.Null(CommandLine.ParseByteSize(text));

    [Theory]
    [InlineData(new string[0], "either --socket-path or --fd")]
    [InlineData(new[] { "-s", "/x", "-f", "4" }, "mutually exclusive")]
    [InlineData(new[] { "-s" }, "needs a value")]
    [InlineData(new[] { "--fd", "1" }, "above 2")]
    [InlineData(new[] { "--fd", "x" }, "above 2")]
    [InlineData(new[] { "-s", "/x", "--log-level", "loud" }, "--log-level")]
    [InlineData(new[] { "-s", "/x", "--help=1" }, "takes no value")]
    [InlineData(new[] { "-s", "/x", "--frobnicate" }, "unknown option")]
    public void Mistakes_AreExplained(string[] args, string reason)
    {
        Assert.Null(CommandLine.TryParse(args, out string? error));
        Assert.Contains(reason, error);
    }
}
