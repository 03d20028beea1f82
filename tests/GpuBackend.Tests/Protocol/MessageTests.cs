using System.Buffers.Binary;
using VhostGpu.Interop;
using VhostGpu.TestSupport.FrontEnd;
using VhostGpu.VhostUser;
using static VhostGpu.TestSupport.FrontEnd.VhostUserFrontEnd;

namespace VhostGpu.Tests.Protocol;

/// <summary>Every implemented front-end message, through the real socket against the real daemon.</summary>
public sealed class MessageTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    [Fact]
    public void Queries_AnswerQueueCountAndSlots()
    {
        using var fe = fixture.Daemon.Connect();

        Assert.Equal(2UL, fe.GetQueueNum());
        Assert.Equal(32UL, fe.GetMaxMemSlots());
    }

    [Fact]
    public void OwnerAndProtocolFeatures_AreAcked()
    {
        using var fe = fixture.Daemon.Connect();
        ulong offered = fe.GetProtocolFeatures();

        Assert.Equal(0UL, fe.SetOwner());
        Assert.Equal(0UL, fe.SetProtocolFeatures(offered));
        Assert.Equal(1UL, fe.SetProtocolFeatures(offered | (1UL << 14)));
        Assert.Equal(0UL, fe.SetFeatures(fe.GetFeatures()));
        Assert.Equal(0UL, fe.ResetOwner());
    }

    [Fact]
    public void Status_RoundTrips_OnlyOnceNegotiated()
    {
        using var fe = fixture.Daemon.Connect();
        Assert.Equal(1UL, fe.SetStatus(0x0f));

        fe.SetProtocolFeatures(fe.GetProtocolFeatures());
        Assert.Equal(0UL, fe.SetStatus(0x0f));
        Assert.Equal(0x0fUL, fe.GetStatus());
        Assert.Equal(1UL, fe.Request(VhostUserRequest.SetStatus, U64(0x100)));
    }

    [Fact]
    public void Config_IsReadAndWrittenThroughTheDevice()
    {
        using var fe = fixture.Daemon.Connect();
        fe.SetProtocolFeatures(fe.GetProtocolFeatures());

        Assert.Equal(16, fe.GetConfig(0, 16).Length);
        Assert.Equal(0UL, fe.SetConfig(4, new byte[4]));
        Assert.Empty(fe.GetConfig(0, 300));
        Assert.Equal(1UL, fe.Request(VhostUserRequest.SetConfig, Config(0, 8, 0, new byte[4])));
    }

    [Fact]
    public void MemoryRegions_AreAddedAndRemoved()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        fe.SetProtocolFeatures(fe.GetProtocolFeatures());
        var region = guest.Ram.Descriptor;

        Assert.Equal(0UL, fe.AddMemReg(region, guest.Ram.Fd));
        Assert.Equal(1UL, fe.AddMemReg(region, guest.Ram.Fd));
        Assert.Equal(0UL, fe.RemMemReg(region));
        Assert.Equal(1UL, fe.RemMemReg(region));
        Assert.Equal(0UL, fe.SetMemTable((region, guest.Ram.Fd)));
        Assert.Equal(0UL, fe.SetMemTable());
    }

    [Fact]
    public void VringBase_IsWhereTheRingStopped()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        guest.Handshake(fe);
        for (int i = 0; i < 3; i++)
        {
            guest.SubmitControlRequest();
            Assert.NotNull(guest.WaitForUsed(0));
        }

        Assert.Equal((0u, 3u), fe.GetVringBase(0));
        Assert.Equal((1u, 0u), fe.GetVringBase(1));
        // Stopped: a kick is not served until the ring is started again.
        guest.SubmitControlRequest();
        Assert.Null(guest.WaitForUsed(0, 300));
        Assert.Equal(0UL, fe.SetVringBase(0, 3));
        Assert.Equal(0UL, fe.SetVringKick(0, guest.Notifiers[0].Kick));
        Assert.NotNull(guest.WaitForUsed(0));
        Assert.Equal((0u, 4u), fe.GetVringBase(0));
    }

    [Fact]
    public void DisabledRing_IsNotServed_UntilEnabled()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        guest.Handshake(fe);

        Assert.Equal(0UL, fe.SetVringEnable(0, false));
        guest.SubmitControlRequest();
        Assert.Null(guest.WaitForUsed(0, 300));
        Assert.Equal(0UL, fe.SetVringEnable(0, true));
        Assert.NotNull(guest.WaitForUsed(0));
    }

    [Fact]
    public void CallAndErrFds_CanBeReplacedOrCleared()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        guest.Handshake(fe);
        using var newCall = EventFd.Create();

        Assert.Equal(0UL, fe.SetVringCall(0, newCall));
        guest.SubmitControlRequest();
        Assert.NotEqual(0UL, newCall.Wait(10_000));
        Assert.Equal(0UL, fe.SetVringCall(0, null));
        Assert.Equal(0UL, fe.SetVringErr(0, null));
    }

    [Fact]
    public void KickWithoutFd_ThePolledRingIsServed()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        guest.Handshake(fe);

        // The ring restarts without a kick fd: the eventfd the guest still signals is watched by no one.
        Assert.Equal(0UL, fe.SetVringKick(0, null));
        for (int i = 0; i < 3; i++)
        {
            guest.SubmitControlRequest();
            Assert.NotNull(guest.WaitForUsed(0));
        }
        // Long enough idle for the poller to reach its slowest pace: it must still look.
        Thread.Sleep(4 * PollBackoff.MaxMs);
        guest.SubmitControlRequest();
        Assert.NotNull(guest.WaitForUsed(0));
    }

    [Fact]
    public void MemoryTableReplacedWhileRunning_RingsFollow()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        guest.Handshake(fe);
        guest.SubmitControlRequest();
        Assert.NotNull(guest.WaitForUsed(0));

        // Same RAM announced at another front-end virtual address: the rings' guest-physical memory is
        // unchanged, so they keep being served.
        var moved = guest.Ram.Descriptor with { UserAddress = 0x7e00_0000_0000 };
        Assert.Equal(0UL, fe.RemMemReg(guest.Ram.Descriptor));
        // A wake-up while the rings' memory is gone (here a kick; under load, a late one of the
        // worker's own) must leave the ring alone rather than break it for good.
        guest.Notifiers[0].Kick.Signal();
        Thread.Sleep(100);
        Assert.Equal(0UL, fe.AddMemReg(moved, guest.Ram.Fd));
        guest.SubmitControlRequest();
        Assert.True(guest.WaitForUsed(0) != null, fixture.Daemon.Log);
    }

    [Fact]
    public void MemoryUnderARunningRingRemoved_SignalsTheErrorFd_AndStopsServingIt()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        guest.Handshake(fe);

        Assert.Equal(0UL, fe.RemMemReg(guest.Ram.Descriptor));
        Assert.NotEqual(0UL, guest.Notifiers[0].Error.Wait(10_000));
        Assert.NotEqual(0UL, guest.Notifiers[1].Error.Wait(10_000));
        guest.SubmitControlRequest();
        Assert.Null(guest.WaitForUsed(0, 300));
        Assert.True(fixture.Daemon.WaitForLog("cannot follow the new memory table"));
    }

    [Fact]
    public void ResetDevice_StopsRings_AndKeepsTheConnection()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        guest.Handshake(fe);

        Assert.Equal(0UL, fe.ResetDevice());
        Assert.Equal((0u, 0u), fe.GetVringBase(0));
        guest.SubmitControlRequest();
        Assert.Null(guest.WaitForUsed(0, 300));
        Assert.NotEqual(0UL, fe.GetFeatures());
    }

    [Fact]
    public void BackendReqFd_IsAccepted_OnlyOnceNegotiated()
    {
        using var fe = fixture.Daemon.Connect();
        var (ours, theirs) = UnixSocket.CreatePair();
        using (ours)
        using (theirs)
        {
            Assert.Equal(1UL, fe.SetBackendReqFd(theirs));
            fe.SetProtocolFeatures(fe.GetProtocolFeatures());
            Assert.Equal(0UL, fe.SetBackendReqFd(theirs));
        }
    }

    [Fact]
    public void GpuSetSocket_IsHandedToTheDevice()
    {
        using var fe = fixture.Daemon.Connect();
        fe.SetProtocolFeatures(fe.GetProtocolFeatures());
        var (ours, theirs) = UnixSocket.CreatePair();
        using (ours)
        using (theirs)
        {
            Assert.Null(fe.GpuSetSocket(theirs));
            Assert.Equal(0UL, fe.GpuSetSocket(theirs, needReply: true));
        }
    }

    [Fact]
    public void Inflight_AreaIsSharedAndTracksCompletions()
    {
        using var guest = new TestGuest();
        using var fe = fixture.Daemon.Connect();
        fe.SetProtocolFeatures(fe.GetProtocolFeatures());
        var (size, offset, fd) = fe.GetInflightFd(2, 64);
        Assert.NotNull(fd);
        using var area = fd!;
        ulong perQueue = (16 + (16 * 64) + 63) & ~63UL;
        Assert.Equal(perQueue * 2, size);
        Assert.Equal(0UL, offset);
        var map = MemoryMapping.TryMap(area, size, out _)!;
        using (map)
        {
            Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(map.GetSpan(8, 2)));
            Assert.Equal(64, BinaryPrimitives.ReadUInt16LittleEndian(map.GetSpan(10, 2)));

            guest.Handshake(fe);
            ushort head = guest.SubmitControlRequest();
            Assert.NotNull(guest.WaitForUsed(0));
            fe.GetVringBase(0);
            fe.GetVringBase(1);

            Assert.Equal(head, BinaryPrimitives.ReadUInt16LittleEndian(map.GetSpan(12, 2)));
            Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(map.GetSpan(14, 2)));
            var state = map.GetSpan(16 + (16UL * head), 16);
            Assert.Equal(0, state[0]);
            Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(state[8..]));

            // A reconnecting front-end hands the area back: a head whose completion reached the used
            // ring before the back-end could record it is complete, not in flight.
            state[0] = 1;
            BinaryPrimitives.WriteUInt16LittleEndian(map.GetSpan(14, 2), 0);
            Assert.Equal(0UL, fe.SetInflightFd(area, size, 0, 2, 64));
            Assert.Equal(0UL, fe.SetVringKick(0, guest.Notifiers[0].Kick));
            Assert.Equal(0, state[0]);
            Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(map.GetSpan(14, 2)));
        }
    }

    [Fact]
    public void Inflight_RequestsLeftByACrashedBackEndAreResubmittedInCounterOrderBeforeNewOnes()
    {
        using var guest = new TestGuest();
        ulong size;
        FileDescriptor area;
        using (var first = fixture.Daemon.Connect())
        {
            first.SetProtocolFeatures(first.GetProtocolFeatures());
            (size, _, var fd) = first.GetInflightFd(2, 64);
            area = fd!;
        }
        using var keep = area;
        using var map = MemoryMapping.TryMap(area, size, out _)!;
        // What a back-end that died leaves behind: three requests popped (avail entries 0-2) and
        // marked with the counters it gave them, none completed, the used ring untouched.
        ushort[] heads = [guest.SubmitControlRequest(), guest.SubmitControlRequest(), guest.SubmitControlRequest()];
        ulong[] counters = [7, 5, 6];
        for (int i = 0; i < heads.Length; i++)
        {
            var state = map.GetSpan(16 + (16UL * heads[i]), 16);
            state[0] = 1;
            BinaryPrimitives.WriteUInt64LittleEndian(state[8..], counters[i]);
        }
        ushort fresh = guest.SubmitControlRequest();

        using var fe = fixture.Daemon.Connect();
        fe.SetProtocolFeatures(fe.GetProtocolFeatures());
        Assert.Equal(0UL, fe.SetInflightFd(area, size, 0, 2, 64));
        guest.Handshake(fe);

        var completed = new List<uint>();
        for (int i = 0; i < 4; i++)
        {
            var used = guest.WaitForUsed(0);
            Assert.True(used.HasValue, $"only {completed.Count} of 4 requests completed");
            completed.Add(used.Value.Id);
        }
        Assert.Equal([heads[1], heads[2], heads[0], fresh], completed);
        Assert.Null(guest.WaitForUsed(0, timeoutMs: 200));
        Assert.All(heads, head => Assert.Equal(0, map.GetSpan(16 + (16UL * head), 1)[0]));
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(map.GetSpan(14, 2)));
    }
}
