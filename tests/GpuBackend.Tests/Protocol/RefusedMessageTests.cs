using System.Buffers.Binary;
using VhostGpu.Interop;
using VhostGpu.TestSupport.FrontEnd;
using static VhostGpu.TestSupport.FrontEnd.VhostUserFrontEnd;

namespace VhostGpu.Tests.Protocol;

/// <summary>Messages of features VhostGpu never offers get the failure answer of their own reply format.</summary>
public sealed class RefusedMessageTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    [Theory]
    [InlineData(VhostUserRequest.SendRarp, 8)]
    [InlineData(VhostUserRequest.NetSetMtu, 8)]
    [InlineData(VhostUserRequest.SetVringEndian, 8)]
    [InlineData(VhostUserRequest.CloseCryptoSession, 8)]
    [InlineData(VhostUserRequest.VringKick, 8)]
    public void AckedRequests_AreAckedAsFailure(uint request, int payloadSize)
    {
        using (var fe = fixture.Daemon.Connect())
        {
            fe.SetProtocolFeatures(fe.GetProtocolFeatures());
            Assert.Equal(1UL, fe.Request(request, new byte[payloadSize]));
            // Without NEED_REPLY nothing is sent back: the next reply is GET_FEATURES'.
            fe.Request(request, new byte[payloadSize], needReply: false);
            Assert.NotEqual(0UL, fe.GetFeatures());
        }
        fixture.AssertNoLeakAndServing();
    }

    [Theory]
    [InlineData(VhostUserRequest.IotlbMsg, 32)]
    [InlineData(VhostUserRequest.PostcopyAdvise, 0)]
    [InlineData(VhostUserRequest.PostcopyListen, 0)]
    [InlineData(VhostUserRequest.PostcopyEnd, 8)]
    [InlineData(VhostUserRequest.CheckDeviceState, 0)]
    public void StatusReplies_ReportFailure(uint request, int payloadSize)
    {
        using (var fe = fixture.Daemon.Connect())
        {
            fe.Send(request, new byte[payloadSize]);
            using var reply = fe.ReceiveReplyTo(request);
            Assert.Equal(1UL, reply.U64);
            Assert.Empty(reply.Fds);
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void SetDeviceStateFd_ReportsErrorAndNoFd_AndClosesTheOfferedFd()
    {
        using var pipeEnd = EventFd.Create();
        using (var fe = fixture.Daemon.Connect())
        {
            fe.Send(VhostUserRequest.SetDeviceStateFd, VringState(0, 0), fds: [pipeEnd.Descriptor.Value]);
            using var reply = fe.ReceiveReplyTo(VhostUserRequest.SetDeviceStateFd);
            Assert.NotEqual(0UL, reply.U64 & 0xff);
            Assert.NotEqual(0UL, reply.U64 & 0x100);
            Assert.Empty(reply.Fds);
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void CreateCryptoSession_AnswersANegativeSessionId()
    {
        using (var fe = fixture.Daemon.Connect())
        {
            var request = new byte[64];
            fe.Send(VhostUserRequest.CreateCryptoSession, request);
            using var reply = fe.ReceiveReplyTo(VhostUserRequest.CreateCryptoSession);
            Assert.Equal(request.Length, reply.Payload.Length);
            Assert.True(BinaryPrimitives.ReadInt64LittleEndian(reply.Payload) < 0);
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void GetShmemConfig_AnswersNoRegions()
    {
        using (var fe = fixture.Daemon.Connect())
        {
            fe.Send(VhostUserRequest.GetShmemConfig, []);
            using var reply = fe.ReceiveReplyTo(VhostUserRequest.GetShmemConfig);
            Assert.Equal(8 + (8 * 256), reply.Payload.Length);
            Assert.All(reply.Payload, b => Assert.Equal(0, b));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void GatedRequests_BeforeProtocolFeatures_AreRefusedInTheirOwnFormat()
    {
        using var log = FileDescriptor.CreateMemory("log", 4096);
        using (var fe = fixture.Daemon.Connect())
        {
            Assert.Equal(1UL, fe.SetLogBase(log, 4096));
            Assert.Empty(fe.GetConfig(0, 16));
            var (size, _, fd) = fe.GetInflightFd(2, 64);
            Assert.Equal(0UL, size);
            Assert.Null(fd);
            Assert.Equal(1UL, fe.SetInflightFd(log, 4096, 0, 2, 64));
            Assert.Equal(1UL, fe.ResetDevice());
            Assert.Equal(1UL, fe.RemMemReg(new VhostGpu.Memory.MemoryRegionDescriptor(0, 4096, 0, 0)));
        }
        fixture.AssertNoLeakAndServing();
    }
}
