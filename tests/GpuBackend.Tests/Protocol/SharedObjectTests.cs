using System.Buffers.Binary;
using System.Diagnostics;
using VhostGpu.Interop;
using VhostGpu.TestSupport.FrontEnd;
using VhostGpu.TestSupport.Guest;
using VhostGpu.Tests.Gpu;
using static VhostGpu.TestSupport.FrontEnd.BackendChannelPeer;

namespace VhostGpu.Tests.Protocol;

/// <summary>
/// Issue 7 through the real daemon: a guest driver on the control queue assigns UUIDs, a front-end
/// with a back-end channel sees SHARED_OBJECT_ADD / REMOVE and fetches objects by UUID with
/// GET_SHARED_OBJECT; the descriptors it gets map exactly the resources' pixels.
/// </summary>
public sealed class SharedObjectTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private const uint Xrgb = 2;
    private const uint Width = 24;
    private const uint Height = 10;
    private const int Stride = (int)Width * 4;
    private const ulong SharedObjectBit = 1UL << 18;
    private const uint OkResourceUuid = 0x1105;
    private const uint ErrUnspec = 0x1200;

    [Fact]
    public void AssignedUuidIsAnnouncedAndFetchedDescriptorMapsTheResourcePixels()
    {
        using (var s = new SharedObjectSession(fixture))
        {
            byte[] pixels = s.CreateWithPixels(1, seed: 1);
            byte[] response = s.Control(GpuRequests.AssignUuid(1, fence: 7));

            Assert.Equal(40, response.Length);
            Assert.Equal(OkResourceUuid, BinaryPrimitives.ReadUInt32LittleEndian(response));
            Assert.Equal(7UL, BinaryPrimitives.ReadUInt64LittleEndian(response.AsSpan(8)));
            Guid uuid = new(response.AsSpan(24, 16), bigEndian: true);
            var add = s.Peer.WaitFor(SharedObjectAdd);
            Assert.NotNull(add);
            Assert.Equal(uuid, add.Uuid);
            Assert.Equal(VhostUserRequest.Version1 | VhostUserRequest.NeedReply, add.Flags);
            Assert.Equal(0, add.FdCount);

            using var reply = s.FrontEnd.GetSharedObject(uuid);
            Assert.Equal(uuid, new Guid(reply.Payload, bigEndian: true));
            var shared = Assert.Single(reply.Fds);
            Assert.True(shared.GetFileSize() >= pixels.Length);
            using var view = MemoryMapping.TryMap(shared, (ulong)shared.GetFileSize(), out _)!;
            Assert.Equal(pixels, view.GetSpan(0, pixels.Length).ToArray());

            // A later transfer shows through the mapping the front-end already holds.
            byte[] changed = s.Transfer(1, seed: 2);
            Assert.Equal(changed, view.GetSpan(0, changed.Length).ToArray());

            // The same resource keeps its UUID and is announced once.
            Assert.Equal(uuid, new Guid(s.Control(GpuRequests.AssignUuid(1)).AsSpan(24, 16), bigEndian: true));
            Assert.Equal(1, s.Peer.Count(SharedObjectAdd));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void AssignIsAnsweredOnlyAfterTheFrontEndAcksTheAdd()
    {
        using (var s = new SharedObjectSession(fixture))
        {
            s.CreateWithPixels(1, seed: 3);
            s.Peer.AckDelay = TimeSpan.FromMilliseconds(400);
            var clock = Stopwatch.StartNew();

            byte[] response = s.Control(GpuRequests.AssignUuid(1));

            Assert.Equal(OkResourceUuid, BinaryPrimitives.ReadUInt32LittleEndian(response));
            Assert.True(clock.ElapsedMilliseconds >= 380, $"answered after {clock.ElapsedMilliseconds} ms, before the ack");
            // The protocol thread stayed free while the control queue waited.
            s.Peer.AckDelay = TimeSpan.FromMilliseconds(800);
            s.CreateWithPixels(2, seed: 4);
            ushort head = s.Submit(GpuRequests.AssignUuid(2), 40);
            Assert.NotNull(s.Peer.WaitFor(SharedObjectAdd, occurrence: 2));
            var answered = Stopwatch.StartNew();
            Assert.Equal(16, s.FrontEnd.GetConfig(0, 16).Length);
            Assert.True(answered.ElapsedMilliseconds < 400, $"GET_CONFIG took {answered.ElapsedMilliseconds} ms while an ack was pending");
            Assert.Equal(OkResourceUuid, BinaryPrimitives.ReadUInt32LittleEndian(s.Complete(head)));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void StoppingTheRingWhileTheAckIsPendingGivesTheCommandBackAndTheRestartAnswersIt()
    {
        using (var s = new SharedObjectSession(fixture))
        {
            s.CreateWithPixels(1, seed: 12);
            // Within the channel's ack timeout (1 s), long enough to stop the ring meanwhile.
            s.Peer.AckDelay = TimeSpan.FromMilliseconds(700);
            ushort availBefore = s.AvailIndex;
            ushort head = s.Submit(GpuRequests.AssignUuid(1), 40);
            Guid announced = s.Peer.WaitFor(SharedObjectAdd)?.Uuid ?? throw new TimeoutException("no SHARED_OBJECT_ADD");

            // QEMU stops the VM: the ring stops at once, the parked command goes back to the ring.
            var clock = Stopwatch.StartNew();
            Assert.Equal(0UL, s.FrontEnd.SetVringEnable(0, false));
            var (_, stoppedAt) = s.FrontEnd.GetVringBase(0);
            Assert.True(clock.ElapsedMilliseconds < 500, $"stopping the ring took {clock.ElapsedMilliseconds} ms while an ack was pending");
            Assert.Equal(availBefore, (ushort)stoppedAt);

            // QEMU resumes from that index: the command is popped again and answered with the same UUID.
            s.RestartControlQueue(stoppedAt);
            byte[] response = s.Complete(head);
            Assert.Equal(OkResourceUuid, BinaryPrimitives.ReadUInt32LittleEndian(response));
            Assert.Equal(announced, new Guid(response.AsSpan(24, 16), bigEndian: true));
            Assert.Equal(1, s.Peer.Count(SharedObjectAdd));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void RefusedAddAnswersErrUnspecAndTheObjectIsNotServed()
    {
        using (var s = new SharedObjectSession(fixture))
        {
            s.CreateWithPixels(1, seed: 5);
            s.Peer.AckStatus = 1;

            byte[] refused = s.Control(GpuRequests.AssignUuid(1));

            Assert.Equal(ErrUnspec, BinaryPrimitives.ReadUInt32LittleEndian(refused));
            Guid first = s.Peer.WaitFor(SharedObjectAdd)!.Uuid;
            using (var reply = s.FrontEnd.GetSharedObject(first))
            {
                Assert.Empty(reply.Fds);
            }

            s.Peer.AckStatus = 0;
            Guid second = new(s.Control(GpuRequests.AssignUuid(1)).AsSpan(24, 16), bigEndian: true);
            Assert.NotEqual(first, second);
            Assert.Equal(second, s.Peer.WaitFor(SharedObjectAdd, occurrence: 2)!.Uuid);
            Assert.Equal(0, s.Peer.Count(SharedObjectRemove));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void AddWithoutAckInTimeAnswersErrUnspecAndTheObjectIsNotServed()
    {
        using (var s = new SharedObjectSession(fixture))
        {
            s.CreateWithPixels(1, seed: 13);
            s.Peer.AckDelay = TimeSpan.FromMilliseconds(1500);

            byte[] response = s.Control(GpuRequests.AssignUuid(1));

            Assert.Equal(ErrUnspec, BinaryPrimitives.ReadUInt32LittleEndian(response));
            using var reply = s.FrontEnd.GetSharedObject(s.Peer.WaitFor(SharedObjectAdd)!.Uuid);
            Assert.Empty(reply.Fds);
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void UnrefRemovesTheObjectAndItsDescriptorsButTheHolderKeepsThePages()
    {
        using (var s = new SharedObjectSession(fixture))
        {
            byte[] pixels = s.CreateWithPixels(1, seed: 6);
            int before = fixture.Daemon.CountOpenFds();
            Guid uuid = s.AssignUuid(1);
            using var held = s.FrontEnd.GetSharedObject(uuid);
            Assert.Single(held.Fds);
            // At least the memfd (mapped by the resource) and the registry's descriptor.
            Assert.True(fixture.Daemon.CountOpenFds() >= before + 2, fixture.Daemon.DescribeOpenFds());

            Assert.Equal(0x1100u, BinaryPrimitives.ReadUInt32LittleEndian(s.Control(GpuRequests.Unref(1))));

            Assert.Equal(uuid, s.Peer.WaitFor(SharedObjectRemove)!.Uuid);
            Assert.Equal(before, fixture.Daemon.WaitForFdCount(before));
            using (var gone = s.FrontEnd.GetSharedObject(uuid))
            {
                Assert.Empty(gone.Fds);
            }
            using var view = MemoryMapping.TryMap(held.Fds[0], (ulong)held.Fds[0].GetFileSize(), out _)!;
            Assert.Equal(pixels, view.GetSpan(0, pixels.Length).ToArray());
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void ResetDeviceRemovesEverySharedObject()
    {
        using (var s = new SharedObjectSession(fixture))
        {
            s.CreateWithPixels(1, seed: 7);
            s.CreateWithPixels(2, seed: 8);
            var uuids = new HashSet<Guid> { s.AssignUuid(1), s.AssignUuid(2) };
            Assert.Equal(2, uuids.Count);

            Assert.Equal(0UL, s.FrontEnd.ResetDevice());

            Assert.NotNull(s.Peer.WaitFor(SharedObjectRemove, occurrence: 2));
            Assert.True(uuids.SetEquals(s.Peer.Received.Where(m => m.Request == SharedObjectRemove).Select(m => m.Uuid)));
            foreach (var uuid in uuids)
            {
                using var reply = s.FrontEnd.GetSharedObject(uuid);
                Assert.Empty(reply.Fds);
            }
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void DisconnectRemovesSharedObjectsBeforeTheChannelCloses()
    {
        using var s = new SharedObjectSession(fixture);
        s.CreateWithPixels(1, seed: 9);
        Guid uuid = s.AssignUuid(1);

        s.FrontEnd.Dispose();

        Assert.Equal(uuid, s.Peer.WaitFor(SharedObjectRemove)?.Uuid);
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void TwoResourcesGetDistinctUuidsAndEachFetchesItsOwnPixels()
    {
        using (var s = new SharedObjectSession(fixture))
        {
            byte[] first = s.CreateWithPixels(1, seed: 10);
            byte[] second = s.CreateWithPixels(2, seed: 11);
            Guid a = s.AssignUuid(1);
            Guid b = s.AssignUuid(2);

            Assert.NotEqual(a, b);
            Assert.Equal(first, s.FetchPixels(a, first.Length));
            Assert.Equal(second, s.FetchPixels(b, second.Length));
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void UnknownUuidAndMalformedRequestGetTheReplyWithoutDescriptor()
    {
        using (var fe = fixture.Daemon.Connect())
        {
            fe.SetProtocolFeatures(fe.GetProtocolFeatures());
            Guid unknown = Guid.NewGuid();
            using (var reply = fe.GetSharedObject(unknown))
            {
                Assert.Equal(unknown, new Guid(reply.Payload, bigEndian: true));
                Assert.Empty(reply.Fds);
            }

            fe.Send(VhostUserRequest.GetSharedObject, new byte[8]);
            using (var malformed = fe.ReceiveReplyTo(VhostUserRequest.GetSharedObject))
            {
                Assert.Equal(16, malformed.Payload.Length);
                Assert.Empty(malformed.Fds);
            }
            Assert.NotEqual(0UL, fe.GetFeatures());
        }
        fixture.AssertNoLeakAndServing();
    }

    [Fact]
    public void SharedObjectIsOfferedAndGatedByNegotiation()
    {
        using (var fe = fixture.Daemon.Connect())
        {
            ulong offered = fe.GetProtocolFeatures();
            Assert.NotEqual(0UL, offered & SharedObjectBit);
            fe.SetProtocolFeatures(offered & ~SharedObjectBit);

            using var reply = fe.GetSharedObject(Guid.NewGuid());
            Assert.Empty(reply.Fds);
            Assert.True(fixture.Daemon.WaitForLog("protocol feature SharedObject was not negotiated"));
        }
        fixture.AssertNoLeakAndServing();
    }

    /// <summary>One connection as QEMU makes it, with a back-end channel, and a guest driver on the control queue.</summary>
    private sealed class SharedObjectSession : IDisposable
    {
        private const int RequestCapacity = 64;

        private readonly TestGuest _guest = new();
        private readonly Dictionary<uint, ulong> _backing = [];
        private readonly Dictionary<ushort, ulong> _responses = [];

        public SharedObjectSession(DaemonFixture fixture)
        {
            FrontEnd = fixture.Daemon.Connect();
            _guest.Handshake(FrontEnd, Peer.BackEndSide);
        }

        public VhostUserFrontEnd FrontEnd { get; }

        public BackendChannelPeer Peer { get; } = new();

        /// <summary>Sends a control request and returns what the device wrote back.</summary>
        public byte[] Control(byte[] request, int responseCapacity = 64) => Complete(Submit(request, responseCapacity));

        /// <summary>Puts a request in the control ring and kicks, without waiting; returns the chain's head.</summary>
        public ushort Submit(byte[] request, int responseCapacity)
        {
            var queue = _guest.Queues[0];
            ulong requestAddress = queue.AllocateBuffer(Math.Max(request.Length, RequestCapacity), request);
            ulong responseAddress = queue.AllocateBuffer(responseCapacity);
            ushort head = queue.Submit(GuestBuffer.Readable(requestAddress, (uint)request.Length), GuestBuffer.Writable(responseAddress, (uint)responseCapacity));
            _responses[head] = responseAddress;
            _guest.Notifiers[0].Kick.Signal();
            return head;
        }

        public ushort AvailIndex => _guest.Queues[0].AvailIndex;

        /// <summary>Starts the stopped control ring again the way QEMU resumes it, from <paramref name="availIndex"/>.</summary>
        public void RestartControlQueue(uint availIndex)
        {
            var queue = _guest.Queues[0];
            var ram = _guest.Ram;
            FrontEnd.SetVringNum(0, queue.Size);
            FrontEnd.SetVringBase(0, availIndex);
            FrontEnd.SetVringAddr(0, ram.ToUserAddress(queue.Layout.DescriptorTable), ram.ToUserAddress(queue.Layout.UsedRing), ram.ToUserAddress(queue.Layout.AvailRing));
            FrontEnd.SetVringKick(0, _guest.Notifiers[0].Kick);
            Assert.Equal(0UL, FrontEnd.SetVringEnable(0, true));
        }

        /// <summary>Waits for the chain <paramref name="head"/> to come back and returns what the device wrote.</summary>
        public byte[] Complete(ushort head)
        {
            var used = _guest.WaitForUsed(0) ?? throw new TimeoutException("the control queue did not answer");
            Assert.Equal(head, (ushort)used.Id);
            return _guest.Ram.Bytes(_responses[head], (int)used.Length).ToArray();
        }

        /// <summary>Creates a Width x Height XRGB resource with its own backing, fills it from <paramref name="seed"/> and transfers it.</summary>
        public byte[] CreateWithPixels(uint resource, int seed)
        {
            ulong backing = _guest.Ram.Allocate((ulong)(Stride * Height), 4096);
            _backing[resource] = backing;
            Expect(Control(GpuRequests.Create2D(resource, Xrgb, Width, Height)));
            Expect(Control(GpuRequests.AttachBacking(resource, (backing, (uint)(Stride * Height)))));
            return Transfer(resource, seed);
        }

        /// <summary>New pixels in the backing, transferred whole; returns them.</summary>
        public byte[] Transfer(uint resource, int seed)
        {
            var pixels = new byte[Stride * Height];
            new Random(seed).NextBytes(pixels);
            pixels.CopyTo(_guest.Ram.Bytes(_backing[resource], pixels.Length));
            Expect(Control(GpuRequests.Transfer(resource, 0, 0, Width, Height, 0)));
            return pixels;
        }

        public Guid AssignUuid(uint resource)
        {
            byte[] response = Control(GpuRequests.AssignUuid(resource));
            Assert.Equal(OkResourceUuid, BinaryPrimitives.ReadUInt32LittleEndian(response));
            return new Guid(response.AsSpan(24, 16), bigEndian: true);
        }

        public byte[] FetchPixels(Guid uuid, int length)
        {
            using var reply = FrontEnd.GetSharedObject(uuid);
            var fd = Assert.Single(reply.Fds);
            using var view = MemoryMapping.TryMap(fd, (ulong)fd.GetFileSize(), out _)!;
            return view.GetSpan(0, length).ToArray();
        }

        public void Dispose()
        {
            FrontEnd.Dispose();
            Peer.Dispose();
            _guest.Dispose();
        }

        private static void Expect(byte[] response) => Assert.Equal(0x1100u, BinaryPrimitives.ReadUInt32LittleEndian(response));
    }
}
