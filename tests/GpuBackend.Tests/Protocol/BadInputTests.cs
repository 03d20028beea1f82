using VhostGpu.Interop;
using VhostGpu.Memory;
using VhostGpu.TestSupport.FrontEnd;
using static VhostGpu.TestSupport.FrontEnd.VhostUserFrontEnd;

namespace VhostGpu.Tests.Protocol;

/// <summary>
/// Each bad input of issue 3 item 7: answered cleanly, the daemon keeps serving, and once the
/// connection is gone its descriptor count is back to the baseline.
/// </summary>
public sealed class BadInputTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    [Fact]
    public void OversizedHeader_ClosesTheConnection()
    {
        using (var fe = fixture.Daemon.Connect())
        {
            fe.SendRaw(EncodeHeader(VhostUserRequest.SetMemTable, VhostUserRequest.Version1, 4097));
            Assert.True(fe.WaitForClose());
        }
        Assert.True(fixture.Daemon.WaitForLog("announces 4097 payload bytes"));
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void TruncatedMessage_WithFds_IsDroppedWhenThePeerGoes()
    {
        using var ram = new TestSupport.Guest.GuestRam(1 << 20);
        using (var fe = fixture.Daemon.Connect())
        {
            var table = MemTable(ram.Descriptor);
            fe.SendRaw(EncodeHeader(VhostUserRequest.SetMemTable, VhostUserRequest.Version1, (uint)table.Length), table.AsSpan(0, 10), [ram.Fd.Value]);
        }
        Assert.True(fixture.Daemon.WaitForLog("peer closed the connection mid-message"));
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void TruncatedHeader_IsDropped()
    {
        using (var fe = fixture.Daemon.Connect())
        {
            fe.SendRaw(EncodeHeader(VhostUserRequest.GetFeatures, VhostUserRequest.Version1, 0).AsSpan(0, 5));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(45u)]
    [InlineData(1000u)]
    public void UnknownRequest_WithNeedReply_IsAckedAsFailure_AndItsFdsClosed(uint request)
    {
        using var extra = EventFd.Create();
        using (var fe = fixture.Daemon.Connect())
        {
            Assert.Equal(1UL, fe.Request(request, new byte[16], [extra.Descriptor.Value]));
            Assert.NotEqual(0UL, fe.GetFeatures());
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void ReplyFlagOnARequest_IsRefused()
    {
        using (var fe = fixture.Daemon.Connect())
        {
            fe.SendRaw(EncodeHeader(VhostUserRequest.SetOwner, 0x5 | VhostUserRequest.NeedReply, 0));
            using var reply = fe.ReceiveReplyTo(VhostUserRequest.SetOwner);
            Assert.Equal(1UL, reply.U64);
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void WrongNumberOfFds_IsRefused_AndAllFdsClosed()
    {
        using var guest = new TestGuest();
        using var a = EventFd.Create();
        using var b = EventFd.Create();
        using (var fe = fixture.Daemon.Connect())
        {
            fe.SetProtocolFeatures(fe.GetProtocolFeatures());
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetMemTable, MemTable(guest.Ram.Descriptor), [guest.Ram.Fd.Value, a.Descriptor.Value]));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetMemTable, MemTable(guest.Ram.Descriptor), []));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetVringCall, U64(0), []));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetVringCall, U64(0 | NoFd), [a.Descriptor.Value]));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetVringKick, U64(0), [a.Descriptor.Value, b.Descriptor.Value]));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetOwner, [], [a.Descriptor.Value]));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.AddMemReg, MemRegMsg(guest.Ram.Descriptor), []));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetLogFd, [], []));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetBackendReqFd, [], [a.Descriptor.Value, b.Descriptor.Value]));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void MoreFdsThanAMessageMayCarry_ClosesTheConnection_WithoutLeaking()
    {
        var fds = Enumerable.Range(0, 9).Select(_ => EventFd.Create()).ToList();
        try
        {
            // vhost-user allows 8 fds per message; the daemon's control buffer holds exactly that many.
            using (var fe = fixture.Daemon.Connect())
            {
                fe.Send(VhostUserRequest.SetOwner, [], true, [.. fds.Select(f => f.Descriptor.Value)]);
                Assert.True(fe.WaitForClose());
            }
            Assert.True(fixture.Daemon.WaitForLog("control data truncated"));
            fixture.AssertNoLeakAndServing();
        }
        finally
        {
            fds.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public void BadMemoryRegions_AreRefused()
    {
        using var guest = new TestGuest(1 << 20);
        var good = guest.Ram.Descriptor;
        var fd = guest.Ram.Fd;
        using (var fe = fixture.Daemon.Connect())
        {
            fe.SetProtocolFeatures(fe.GetProtocolFeatures());
            Assert.Equal(1UL, fe.SetMemTable((good with { Size = 0 }, fd)));
            Assert.Equal(1UL, fe.SetMemTable((good, fd), (good with { UserAddress = 0x6000_0000_0000 }, fd)));
            Assert.Equal(1UL, fe.SetMemTable((good with { MmapOffset = 1 << 20 }, fd)));
            Assert.Equal(1UL, fe.SetMemTable((good with { Size = 2 << 20 }, fd)));
            Assert.Equal(1UL, fe.SetMemTable((good with { GuestPhysicalAddress = ulong.MaxValue - 10 }, fd)));
            Assert.Equal(1UL, fe.AddMemReg(good with { Size = 0 }, fd));
            Assert.Equal(1UL, fe.AddMemReg(good with { MmapOffset = 2 << 20 }, fd));
            Assert.Equal(0UL, fe.AddMemReg(good, fd));
            Assert.Equal(1UL, fe.AddMemReg(good with { GuestPhysicalAddress = good.GuestPhysicalAddress + 4096, UserAddress = 0x6000_0000_0000 }, fd));
            Assert.Equal(0UL, fe.SetMemTable((good, fd)));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void MoreRegionsThanSlots_AreRefused()
    {
        using var ram = new TestSupport.Guest.GuestRam(1 << 20);
        using (var fe = fixture.Daemon.Connect())
        {
            fe.SetProtocolFeatures(fe.GetProtocolFeatures());
            ulong slots = fe.GetMaxMemSlots();
            for (ulong i = 0; i < slots; i++)
            {
                Assert.Equal(0UL, fe.AddMemReg(Slot(i), ram.Fd));
            }
            Assert.Equal(1UL, fe.AddMemReg(Slot(slots), ram.Fd));

            var nine = MemTable([.. Enumerable.Range(0, 9).Select(i => Slot((ulong)i))]);
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetMemTable, nine, [.. Enumerable.Repeat(ram.Fd.Value, 8)]));
        }
        fixture.AssertNoLeakAndServing();

        static MemoryRegionDescriptor Slot(ulong i) => new(i << 20, 1 << 20, 0x7000_0000_0000 + (i << 20), 0);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(3u)]
    [InlineData(100u)]
    [InlineData(65536u)]
    [InlineData(uint.MaxValue)]
    public void BadVringSize_IsRefused(uint num)
    {
        using (var fe = fixture.Daemon.Connect())
        {
            Assert.Equal(1UL, fe.SetVringNum(0, num));
            Assert.Equal(0UL, fe.SetVringNum(0, 32768));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void VringIndexOutOfRange_IsRefusedByEveryRingMessage()
    {
        using var efd = EventFd.Create();
        using (var fe = fixture.Daemon.Connect())
        {
            Assert.Equal(1UL, fe.SetVringNum(2, 64));
            Assert.Equal(1UL, fe.SetVringBase(2, 0));
            Assert.Equal(1UL, fe.SetVringAddr(2, 0, 0, 0));
            Assert.Equal(1UL, fe.SetVringKick(2, efd));
            Assert.Equal(1UL, fe.SetVringCall(255, efd));
            Assert.Equal(1UL, fe.SetVringErr(7, efd));
            Assert.Equal(1UL, fe.SetVringEnable(2, true));
            Assert.Equal((2u, 0u), fe.GetVringBase(2));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetVringCall, U64(0x200), [efd.Descriptor.Value]));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void KickBeforeMemoryTable_IsRefused_AndTheRingStaysStopped()
    {
        using var guest = new TestGuest();
        using (var fe = fixture.Daemon.Connect())
        {
            var q = guest.Queues[0];
            Assert.Equal(0UL, fe.SetVringNum(0, q.Size));
            Assert.Equal(0UL, fe.SetVringAddr(0, guest.Ram.ToUserAddress(q.Layout.DescriptorTable), guest.Ram.ToUserAddress(q.Layout.UsedRing), guest.Ram.ToUserAddress(q.Layout.AvailRing)));
            Assert.Equal(1UL, fe.SetVringKick(0, guest.Notifiers[0].Kick));
            Assert.Equal((0u, 0u), fe.GetVringBase(0));
            Assert.Equal(1UL, fe.SetVringKick(1, guest.Notifiers[1].Kick));
        }
        Assert.True(fixture.Daemon.WaitForLog("no memory table"));
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void RingAddressesNotMapped_AreRefusedAtKick()
    {
        using var guest = new TestGuest();
        using (var fe = fixture.Daemon.Connect())
        {
            fe.SetProtocolFeatures(fe.GetProtocolFeatures());
            Assert.Equal(0UL, fe.SetMemTable((guest.Ram.Descriptor, guest.Ram.Fd)));
            Assert.Equal(0UL, fe.SetVringNum(0, 64));
            ulong end = guest.Ram.UserAddress + guest.Ram.Size;
            Assert.Equal(0UL, fe.SetVringAddr(0, end - 512, guest.Ram.UserAddress, guest.Ram.UserAddress + 4096));
            Assert.Equal(1UL, fe.SetVringKick(0, guest.Notifiers[0].Kick));
            Assert.Equal(0UL, fe.SetVringAddr(0, 0x1000, 0x2000, 0x3000));
            Assert.Equal(1UL, fe.SetVringKick(0, guest.Notifiers[0].Kick));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetVringAddr, VringAddr(0, 0, 0, 0, flags: 2)));
        }
        Assert.True(fixture.Daemon.WaitForLog("are not inside the memory table"));
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void ShortPayloads_AreRefused()
    {
        using (var fe = fixture.Daemon.Connect())
        {
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetFeatures, new byte[4]));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetVringNum, new byte[7]));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetVringAddr, new byte[39]));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetMemTable, new byte[4]));
            Assert.Equal(1UL, fe.Request(VhostUserRequest.SetMemTable, MemTable()[..4]));
            fe.Send(VhostUserRequest.GetVringBase, new byte[3]);
            using var reply = fe.ReceiveReplyTo(VhostUserRequest.GetVringBase);
            Assert.Equal(8, reply.Payload.Length);
        }
        fixture.AssertNoLeakAndServing();
    }
}
