using VhostGpu.Interop;
using VhostGpu.TestSupport.FrontEnd;
using VhostGpu.VhostUser;

namespace VhostGpu.Tests.VhostUser;

/// <summary>The back-end request channel against a test front-end playing QEMU's end of the socket pair.</summary>
public sealed class BackendChannelTests
{
    private const uint ConfigChange = 2;

    [Theory]
    [InlineData(0UL, true)]
    [InlineData(1UL, false)]
    public async Task ConfigChange_WithReplyAck_ReturnsTheFrontEndsVerdict(ulong status, bool expected)
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        using var channel = new BackendChannel(ours, replyAck: true);
        using var frontEnd = new VhostUserFrontEnd(theirs);
        var peer = Task.Run(() =>
        {
            using var request = frontEnd.Receive();
            Assert.Equal(ConfigChange, request.Request);
            Assert.Equal(0x9u, request.Flags);
            Assert.Empty(request.Payload);
            frontEnd.SendRaw(VhostUserFrontEnd.EncodeHeader(ConfigChange, VhostUserRequest.ReplyFlags, 8), VhostUserFrontEnd.U64(status));
        });

        Assert.Equal(expected, channel.NotifyConfigChanged());
        await peer;
    }

    [Fact]
    public void ConfigChange_WithoutReplyAck_DoesNotWait()
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        using var channel = new BackendChannel(ours, replyAck: false);
        using var frontEnd = new VhostUserFrontEnd(theirs);

        Assert.True(channel.NotifyConfigChanged());
        using var request = frontEnd.Receive();
        Assert.Equal(0x1u, request.Flags);
    }

    [Fact]
    public void MissingAck_GivesUpAfterTheTimeout_AndTheChannelStaysClosed()
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        using var channel = new BackendChannel(ours, replyAck: true);
        using var frontEnd = new VhostUserFrontEnd(theirs);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(channel.NotifyConfigChanged());
        Assert.InRange(clock.ElapsedMilliseconds, BackendChannel.AckTimeoutMs - 50, BackendChannel.AckTimeoutMs * 3);
        Assert.False(channel.NotifyConfigChanged());
    }

    [Fact]
    public async Task WrongReply_IsRejected()
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        using var channel = new BackendChannel(ours, replyAck: true);
        using var frontEnd = new VhostUserFrontEnd(theirs);
        var peer = Task.Run(() =>
        {
            using var request = frontEnd.Receive();
            frontEnd.SendRaw(VhostUserFrontEnd.EncodeHeader(ConfigChange + 1, VhostUserRequest.ReplyFlags, 8), VhostUserFrontEnd.U64(0));
        });

        Assert.False(channel.NotifyConfigChanged());
        await peer;
    }

    [Fact]
    public void PeerGone_ReportsFailure()
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        using var channel = new BackendChannel(ours, replyAck: false);
        theirs.Dispose();

        Assert.False(channel.NotifyConfigChanged());
    }
}
