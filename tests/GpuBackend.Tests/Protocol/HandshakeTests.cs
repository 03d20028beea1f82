using VhostGpu.Interop;
using VhostGpu.TestSupport.FrontEnd;

namespace VhostGpu.Tests.Protocol;

public sealed class HandshakeTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private const ulong LogAll = 1UL << 26;
    private const ulong LogShmfd = 1UL << 1;

    /// <summary>MQ, REPLY_ACK, BACKEND_REQ, CONFIG, INFLIGHT_SHMFD, RESET_DEVICE, CONFIGURE_MEM_SLOTS, STATUS, SHARED_OBJECT.</summary>
    private const ulong ExpectedProtocolFeatures = 0x5_B229;

    [Fact]
    public void QemuSequence_Completes_AndTheControlQueueIsServed()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        var (channel, peer) = UnixSocket.CreatePair();
        using (channel)
        using (peer)
        {
            var result = guest.Handshake(fe, channel);

            Assert.Equal(2UL, result.QueueCount);
            Assert.Equal(ExpectedProtocolFeatures, result.AckedProtocolFeatures);
            ushort head = guest.SubmitControlRequest();
            var used = guest.WaitForUsed(0);
            Assert.NotNull(used);
            Assert.Equal(head, used.Value.Id);
            Assert.Equal(0UL, fe.SetVringEnable(0, false));
            Assert.Equal((0u, 1u), fe.GetVringBase(0));
        }
    }

    [Fact]
    public void Offer_HasVersion1AndProtocolFeatures_ButNoDirtyLoggingByDefault()
    {
        using var fe = fixture.Daemon.Connect();
        ulong features = fe.GetFeatures();
        ulong protocol = fe.GetProtocolFeatures();

        Assert.NotEqual(0UL, features & VhostUserFrontEnd.FeatureVersion1);
        Assert.NotEqual(0UL, features & VhostUserFrontEnd.ProtocolFeaturesBit);
        Assert.NotEqual(0UL, features & VhostUserFrontEnd.EventIdx);
        Assert.NotEqual(0UL, features & VhostUserFrontEnd.IndirectDesc);
        Assert.Equal(0UL, features & LogAll);
        Assert.Equal(ExpectedProtocolFeatures, protocol & ExpectedProtocolFeatures);
        Assert.Equal(0UL, protocol & LogShmfd);
    }

    [Fact]
    public void MigratableUnsafe_OffersDirtyLogging()
    {
        using var daemon = DaemonProcess.Start("--migratable-unsafe");
        using var fe = daemon.Connect();

        Assert.NotEqual(0UL, fe.GetFeatures() & LogAll);
        Assert.NotEqual(0UL, fe.GetProtocolFeatures() & LogShmfd);
    }

    [Fact]
    public void Reconnect_SecondFrontEndIsServed_AndFirstSessionReleasedEverything()
    {
        using (var guest = new TestGuest())
        using (var fe = fixture.Daemon.Connect())
        {
            guest.Handshake(fe);
            guest.SubmitControlRequest();
            Assert.NotNull(guest.WaitForUsed(0));
            Assert.True(fixture.Daemon.CountOpenFds() > fixture.Baseline);
        }
        fixture.AssertNoLeakAndServing();

        using (var guest = new TestGuest())
        using (var fe = fixture.Daemon.Connect())
        {
            guest.Handshake(fe);
            ushort head = guest.SubmitControlRequest();
            Assert.Equal(head, guest.WaitForUsed(0)?.Id);
        }
        fixture.AssertNoLeakAndServing();
    }
}
