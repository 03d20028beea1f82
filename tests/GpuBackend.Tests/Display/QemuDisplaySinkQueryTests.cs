using System.Diagnostics;
using VhostGpu.Display;
using VhostGpu.Display.Edid;
using VhostGpu.TestSupport.QemuDisplay;
using static VhostGpu.TestSupport.QemuDisplay.VhostUserGpuMessage;

namespace VhostGpu.Tests.Display;

public sealed class QemuDisplaySinkQueryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public void New_socket_negotiates_edid_only()
    {
        using var peer = new QemuDisplayPeer();
        using var sink = new QemuDisplaySink();
        sink.AttachSocket(peer.Connect());

        Assert.True(peer.WaitUntil(() => peer.NegotiatedFeatures is not null, Patience));
        Assert.Equal(1ul, peer.NegotiatedFeatures);
        Assert.Equal(new uint[] { GetProtocolFeatures, SetProtocolFeatures }, peer.Messages.Select(m => m.Request));
        Assert.Empty(peer.Violations);
    }

    [Fact]
    public void Without_a_socket_queries_get_the_default_mode_and_a_generated_edid()
    {
        using var sink = new QemuDisplaySink();
        var info = Answer<DisplayInfo>(c => sink.QueryDisplayInfo(c));
        var edid = Answer<byte[]>(c => sink.QueryEdid(0, c));

        Assert.Equal(new DisplayMode(new(0, 0, 1280, 800), true, 0), info!.Modes[0]);
        Assert.All(info.Modes.Skip(1), m => Assert.False(m.Enabled));
        Assert.Equal(EdidGenerator.Generate(1280, 800), edid);
    }

    [Fact]
    public void Queries_before_negotiation_wait_for_it_and_are_then_answered_by_qemu()
    {
        using var peer = new QemuDisplayPeer(new QemuDisplayPeerOptions { HoldProtocolFeatures = true, Width = 1024, Height = 768 });
        using var sink = new QemuDisplaySink();
        sink.AttachSocket(peer.Connect());
        var info = new Completion<DisplayInfo>();
        var edid = new Completion<byte[]>();

        var clock = Stopwatch.StartNew();
        sink.QueryDisplayInfo(info.Callback);
        sink.QueryEdid(0, edid.Callback);
        Assert.True(clock.ElapsedMilliseconds < 100, "queries must not block the caller");
        Thread.Sleep(200);
        Assert.False(info.IsCompleted);
        Assert.Equal(new uint[] { GetProtocolFeatures }, peer.Messages.Select(m => m.Request));

        peer.ReleaseProtocolFeatures();
        Assert.Equal(new(0, 0, 1024, 768), info.Wait(Patience)!.Modes[0].Rect);
        var bytes = edid.Wait(Patience)!;
        Assert.Equal(1024, bytes.Length);
        Assert.Equal(peer.Options.Edid, bytes[..256]);
        Assert.Equal(new uint[] { GetProtocolFeatures, SetProtocolFeatures, GetDisplayInfo, GetEdid }, peer.Messages.Select(m => m.Request));
    }

    [Fact]
    public void Unanswered_query_completes_with_null_after_the_timeout()
    {
        using var peer = new QemuDisplayPeer(new QemuDisplayPeerOptions { AnswerQueries = false });
        using var sink = new QemuDisplaySink();
        sink.AttachSocket(peer.Connect());
        Assert.True(peer.WaitUntil(() => peer.NegotiatedFeatures is not null, Patience));

        var clock = Stopwatch.StartNew();
        var info = new Completion<DisplayInfo>();
        sink.QueryDisplayInfo(info.Callback);
        Assert.True(clock.ElapsedMilliseconds < 100, "queries must not block the caller");
        Assert.Null(info.Wait(Patience));
        Assert.InRange(clock.ElapsedMilliseconds, QemuDisplaySink.ReplyTimeoutMs - 100, QemuDisplaySink.ReplyTimeoutMs + 2000);
        Assert.Equal(1, info.Calls);
    }

    [Fact]
    public void Edid_for_an_output_qemu_lacks_times_out_and_does_not_confuse_the_next_answer()
    {
        using var peer = new QemuDisplayPeer(new QemuDisplayPeerOptions { MaxOutputs = 1 });
        using var sink = new QemuDisplaySink();
        sink.AttachSocket(peer.Connect());

        Assert.Null(Answer<byte[]>(c => sink.QueryEdid(3, c)));
        var edid = Answer<byte[]>(c => sink.QueryEdid(0, c));
        Assert.Equal(peer.Options.Edid, edid![..256]);
        Assert.Equal(peer.Options.Edid, Answer<byte[]>(c => sink.QueryEdid(0, c))![..256]);
    }

    [Fact]
    public void Late_answer_after_the_timeout_is_dropped_not_given_to_the_next_question()
    {
        using var peer = new QemuDisplayPeer(new QemuDisplayPeerOptions { Width = 800, Height = 600 });
        using var sink = new QemuDisplaySink();
        sink.AttachSocket(peer.Connect());
        Assert.True(peer.WaitUntil(() => peer.NegotiatedFeatures is not null, Patience));

        // Each late reply carries the settings of its time; the next question must get the new ones.
        peer.Options.ReplyDelay = TimeSpan.FromMilliseconds(QemuDisplaySink.ReplyTimeoutMs + 500);
        Assert.Null(Answer<byte[]>(c => sink.QueryEdid(0, c)));
        peer.Options.ReplyDelay = TimeSpan.Zero;
        var newEdid = Enumerable.Range(0, 128).Select(i => (byte)~i).ToArray();
        peer.Options.Edid = newEdid;
        Assert.Equal(newEdid, Answer<byte[]>(c => sink.QueryEdid(0, c))![..128]);

        peer.Options.ReplyDelay = TimeSpan.FromMilliseconds(QemuDisplaySink.ReplyTimeoutMs + 500);
        Assert.Null(Answer<DisplayInfo>(c => sink.QueryDisplayInfo(c)));
        peer.Options.ReplyDelay = TimeSpan.Zero;
        peer.Options.Height = 480;
        Assert.Equal(480, Answer<DisplayInfo>(c => sink.QueryDisplayInfo(c))!.Modes[0].Rect.Height);
    }

    [Fact]
    public void Qemu_without_edid_support_gets_no_get_edid_and_the_guest_a_generated_edid()
    {
        using var peer = new QemuDisplayPeer(new QemuDisplayPeerOptions { ProtocolFeatures = 0 });
        using var sink = new QemuDisplaySink();
        sink.AttachSocket(peer.Connect());

        Assert.Equal(EdidGenerator.Generate(1280, 800), Answer<byte[]>(c => sink.QueryEdid(0, c)));
        Assert.True(peer.WaitUntil(() => peer.NegotiatedFeatures is not null, Patience));
        Assert.Equal(0ul, peer.NegotiatedFeatures);
        Assert.Empty(peer.MessagesOf(GetEdid));
    }

    [Fact]
    public void Socket_closing_completes_the_waiting_query_with_null_and_later_queries_use_the_defaults()
    {
        using var peer = new QemuDisplayPeer(new QemuDisplayPeerOptions { AnswerQueries = false });
        using var sink = new QemuDisplaySink();
        sink.AttachSocket(peer.Connect());
        Assert.True(peer.WaitUntil(() => peer.NegotiatedFeatures is not null, Patience));

        var pending = new Completion<DisplayInfo>();
        sink.QueryDisplayInfo(pending.Callback);
        Assert.True(peer.WaitUntil(() => peer.MessagesOf(GetDisplayInfo).Count == 1, Patience));
        var clock = Stopwatch.StartNew();
        peer.Disconnect();

        Assert.Null(pending.Wait(Patience));
        Assert.Equal(1, pending.Calls);
        Assert.True(clock.ElapsedMilliseconds < QemuDisplaySink.ReplyTimeoutMs, "EOF must end the wait, not the timeout");
        Assert.Equal(1280, Answer<DisplayInfo>(c => sink.QueryDisplayInfo(c))!.Modes[0].Rect.Width);
    }

    [Fact]
    public void Scanout_ids_beyond_sixteen_are_refused_at_once()
    {
        using var sink = new QemuDisplaySink();
        Assert.Null(Answer<byte[]>(c => sink.QueryEdid(16, c)));
        Assert.Null(Answer<byte[]>(c => sink.QueryEdid(-1, c)));
    }

    private static T? Answer<T>(Action<Action<T?>> query)
        where T : class
    {
        var completion = new Completion<T>();
        query(completion.Callback);
        return completion.Wait(Patience);
    }
}
