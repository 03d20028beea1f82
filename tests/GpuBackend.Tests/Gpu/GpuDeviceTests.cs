using System.Buffers.Binary;
using VhostGpu.Display.Edid;
using VhostGpu.Gpu;
using VhostGpu.Gpu.Wire;
using VhostGpu.Interop;
using VhostGpu.TestSupport.QemuDisplay;
using static VhostGpu.Tests.Gpu.GpuRequests;

namespace VhostGpu.Tests.Gpu;

public class GpuDeviceTests
{
    private const uint Bgrx = 2;

    [Fact]
    public void OffersTheFeaturesQemusFrontEndNeeds()
    {
        using var h = new GpuHarness(connectDisplay: false);

        // VERSION_1 | EVENT_IDX | INDIRECT_DESC | GPU_F_EDID | GPU_F_RESOURCE_UUID (protocol reference 1.10, without bit 30).
        Assert.Equal(0x1_3000_0006UL, h.Device.Features);
        Assert.NotEqual(0UL, h.Device.ProtocolFeatures & (1UL << 9));
        Assert.NotEqual(0UL, h.Device.ProtocolFeatures & (1UL << 13));
        Assert.Equal(2, h.Device.QueueCount);
    }

    [Fact]
    public void ConfigSpaceIsServedThroughTheDevice()
    {
        using var h = new GpuHarness(new GpuDeviceOptions { ConfigScanouts = 3 }, connectDisplay: false);
        var config = new byte[16];

        Assert.True(h.Device.ReadConfig(0, config));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(config.AsSpan(8)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(config.AsSpan(12)));
        Assert.True(h.Device.WriteConfig(0, config));
        Assert.False(h.Device.WriteConfig(8, config.AsSpan(0, 4)));
        Assert.False(h.Device.ReadConfig(8, new byte[16]));
    }

    [Fact]
    public void PixelsTravelFromGuestBackingToQemusConsole()
    {
        using var h = new GpuHarness();
        var pixels = new byte[64 * 32 * 4];
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                pixels.AsSpan(((y * 64) + x) * 4, 4).SetTo(4 * x, 8 * y, 0x80, 0xFF);
            }
        }
        h.CreateBacked(1, Bgrx, 64, 32, pixels);

        Assert.Equal(ResponseType.OkNoData, h.Run(Transfer(1, 0, 0, 64, 32, 0)));
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(0, 1, 0, 0, 64, 32)));
        Assert.Equal(ResponseType.OkNoData, h.Run(Flush(1, 0, 0, 64, 32)));

        h.WaitForDisplay(() => h.Peer.Surface(0) is { Width: 64, Height: 32 } s && s.RgbAt(63, 31) == 0x80F8FC, "the frame");
        var surface = h.Peer.Surface(0)!;
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                Assert.Equal((uint)(0x80_0000 | (8 * y) << 8 | (4 * x)), surface.RgbAt(x, y));
            }
        }
        Assert.Empty(h.Peer.Violations);
    }

    [Fact]
    public void AScanoutShowingPartOfAResourceGetsFlushesInItsOwnCoordinates()
    {
        using var h = new GpuHarness();
        var pixels = new byte[64 * 32 * 4];
        for (int i = 0; i < 64 * 32; i++)
        {
            pixels.AsSpan(i * 4, 4).SetTo(i % 64, i / 64, 0x11, 0);
        }
        h.CreateBacked(1, Bgrx, 64, 32, pixels);
        h.Run(Transfer(1, 0, 0, 64, 32, 0));

        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(0, 1, 16, 8, 32, 16)));
        Assert.Equal(ResponseType.OkNoData, h.Run(Flush(1, 0, 0, 64, 32)));

        h.WaitForDisplay(() => h.Peer.Surface(0) is { Width: 32, Height: 16 } s && s.RgbAt(31, 15) == 0x11_172F, "the scanout rectangle");
        var surface = h.Peer.Surface(0)!;
        Assert.Equal(0x11_0810u, surface.RgbAt(0, 0));
        Assert.Equal(0x11_0D1Au, surface.RgbAt(10, 5));
        Assert.Empty(h.Peer.Violations);
    }

    [Fact]
    public void FencedRequestsEchoFenceAndContext()
    {
        using var h = new GpuHarness(connectDisplay: false);

        var ok = h.Send(Create2D(1, Bgrx, 64, 64, fence: 0x0102_0304_0506_0708, context: 9));
        var refused = h.Send(Create2D(1, Bgrx, 64, 64, fence: 77, context: 3));

        Assert.Equal(24, ok.Length);
        Assert.Equal(ResponseType.OkNoData, TypeOf(ok));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(ok.AsSpan(4)));
        Assert.Equal(0x0102_0304_0506_0708UL, BinaryPrimitives.ReadUInt64LittleEndian(ok.AsSpan(8)));
        Assert.Equal(9u, BinaryPrimitives.ReadUInt32LittleEndian(ok.AsSpan(16)));
        Assert.Equal(ResponseType.ErrInvalidResourceId, TypeOf(refused));
        Assert.Equal(77UL, BinaryPrimitives.ReadUInt64LittleEndian(refused.AsSpan(8)));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(refused.AsSpan(16)));
    }

    [Theory]
    [InlineData(0x0000u, 24)]
    [InlineData(0x010Cu, 56)]    // RESOURCE_CREATE_BLOB
    [InlineData(0x010Du, 96)]    // SET_SCANOUT_BLOB
    [InlineData(0x0200u, 96)]    // CTX_CREATE
    [InlineData(0x0204u, 72)]    // RESOURCE_CREATE_3D
    [InlineData(0x0207u, 40)]    // SUBMIT_3D
    [InlineData(0x0300u, 56)]    // a cursor command on the control queue
    [InlineData(0xFFFF_FFFFu, 24)]
    public void UnknownAnd3DCommandsAreUnspecifiedErrors(uint type, int size)
    {
        using var h = new GpuHarness(connectDisplay: false);

        var response = h.Send(Header(type, size, fence: 5));

        Assert.Equal(ResponseType.ErrUnspec, TypeOf(response));
        Assert.Equal(5UL, BinaryPrimitives.ReadUInt64LittleEndian(response.AsSpan(8)));
    }

    [Fact]
    public void EveryChainOfABatchGetsOneResponseInOrder()
    {
        using var h = new GpuHarness(connectDisplay: false);
        byte[][] requests =
        [
            Create2D(1, Bgrx, 32, 32),
            Create2D(1, Bgrx, 32, 32),
            Header(0x0207, 40),
            Create2D(2, Bgrx, 32, 32)[..30],
            GetCapsetInfo(0),
            Unref(1),
            Unref(1),
        ];
        ResponseType[] expected =
        [
            ResponseType.OkNoData, ResponseType.ErrInvalidResourceId, ResponseType.ErrUnspec, ResponseType.ErrInvalidParameter,
            ResponseType.ErrInvalidParameter, ResponseType.OkNoData, ResponseType.ErrInvalidResourceId,
        ];
        var heads = requests.Select((r, i) => h.Submit(r, slot: i)).ToArray();

        h.Device.ProcessQueue(h.ControlQueue);

        for (int i = 0; i < requests.Length; i++)
        {
            Assert.True(h.Control.TryTakeUsed(out var used));
            Assert.Equal(heads[i], (ushort)used.Id);
            Assert.Equal(24u, used.Length);
            Assert.Equal(expected[i], TypeOf(h.ResponseBytes(i, 24)));
        }
        Assert.False(h.Control.TryTakeUsed(out _));
        Assert.Equal(1UL, h.ControlSignals.Call.Consume());
    }

    [Fact]
    public void DisplayInfoComesFromQemu()
    {
        using var h = new GpuHarness(display: new QemuDisplayPeerOptions { Width = 1024, Height = 640 });

        var response = h.Send(GetDisplayInfo(fence: 42));

        Assert.Equal(408, response.Length);
        Assert.Equal(ResponseType.OkDisplayInfo, TypeOf(response));
        Assert.Equal(42UL, BinaryPrimitives.ReadUInt64LittleEndian(response.AsSpan(8)));
        Assert.Equal(new uint[] { 0, 0, 1024, 640, 1, 0 }, U32s(response, 24, 6));
        Assert.All(response[48..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void EdidComesFromQemu()
    {
        using var h = new GpuHarness();

        var response = h.Send(GetEdid(0, fence: 3));

        Assert.Equal(1056, response.Length);
        Assert.Equal(ResponseType.OkEdid, TypeOf(response));
        int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(24));
        Assert.InRange(size, 128, 1024);
        Assert.Equal(h.Peer.Options.Edid.AsSpan(0, Math.Min(size, h.Peer.Options.Edid.Length)).ToArray(), response[32..(32 + Math.Min(size, h.Peer.Options.Edid.Length))]);
        Assert.Single(h.Peer.MessagesOf(VhostUserGpuMessage.GetEdid));
    }

    [Fact]
    public void WithoutADisplayTheGuestGetsTheDefaultModeAndAGeneratedEdid()
    {
        using var h = new GpuHarness(connectDisplay: false);

        var info = h.Send(GetDisplayInfo());
        var edid = h.Send(GetEdid(0));

        Assert.Equal(ResponseType.OkDisplayInfo, TypeOf(info));
        Assert.Equal(new uint[] { 0, 0, 1280, 800, 1, 0 }, U32s(info, 24, 6));
        Assert.Equal(ResponseType.OkEdid, TypeOf(edid));
        Assert.Equal(256u, BinaryPrimitives.ReadUInt32LittleEndian(edid.AsSpan(24)));
        Assert.Equal(EdidGenerator.Generate(1280, 800), edid[32..288]);
    }

    [Fact]
    public void AParkedQueryHoldsBackLaterCommandsUntilTheDisplayAnswers()
    {
        using var h = new GpuHarness(display: new QemuDisplayPeerOptions { ReplyDelay = TimeSpan.FromMilliseconds(300) });
        ushort query = h.Submit(GetDisplayInfo(), slot: 0);
        ushort create = h.Submit(Create2D(1, Bgrx, 32, 32), slot: 1);

        h.Device.ProcessQueue(h.ControlQueue);

        Assert.False(h.Control.TryTakeUsed(out _));
        Assert.Equal(0, h.Device.ResourceCount);
        var first = h.Complete();
        Assert.Equal(query, (ushort)first.Used.Id);
        Assert.Equal(ResponseType.OkDisplayInfo, TypeOf(h.ResponseBytes(first.Slot, 24)));
        h.Device.ProcessQueue(h.ControlQueue);
        Assert.True(h.Control.TryTakeUsed(out var second));
        Assert.Equal(create, (ushort)second.Id);
        Assert.Equal(1, h.Device.ResourceCount);
    }

    [Fact]
    public void StoppingTheQueueGivesAParkedCommandBackToTheRing()
    {
        using var h = new GpuHarness(display: new QemuDisplayPeerOptions { ReplyDelay = TimeSpan.FromMilliseconds(500) });
        ushort head = h.Submit(GetEdid(0));
        h.Device.ProcessQueue(h.ControlQueue);
        Assert.Equal((ushort)1, h.ControlQueue.NextAvailIndex);

        h.Device.QueueStopping(h.ControlQueue);

        Assert.Equal((ushort)0, h.ControlQueue.NextAvailIndex);
        Assert.False(h.Control.TryTakeUsed(out _));
        // Restarted, the chain is popped again and answered once.
        var (used, slot) = h.Complete();
        Assert.Equal(head, (ushort)used.Id);
        Assert.Equal(ResponseType.OkEdid, TypeOf(h.ResponseBytes(slot, 24)));
        Thread.Sleep(700);
        h.Device.ProcessQueue(h.ControlQueue);
        Assert.False(h.Control.TryTakeUsed(out _));
    }

    [Fact]
    public void ResetDestroysEveryResourceAndScanout()
    {
        using var h = new GpuHarness();
        h.CreateBacked(1, Bgrx, 64, 64);
        h.CreateBacked(2, Bgrx, 32, 32);
        Assert.Equal(ResponseType.OkNoData, h.Run(SetScanout(0, 1, 0, 0, 64, 64)));
        h.WaitForDisplay(() => h.Peer.MessagesOf(VhostUserGpuMessage.Scanout).Any(m => m.X == 64), "the scanout");

        h.Device.Reset();

        Assert.Equal(0, h.Device.ResourceCount);
        Assert.Equal(0, h.Device.HostMemoryUsed);
        h.WaitForDisplay(() => h.Peer.MessagesOf(VhostUserGpuMessage.Scanout)[^1] is { ScanoutId: 0, X: 0, Y: 0 }, "the scanout disabled");
        Assert.Equal(ResponseType.OkNoData, h.Run(Create2D(1, Bgrx, 64, 64)));
        Assert.Equal(ResponseType.ErrInvalidResourceId, h.Run(Flush(2, 0, 0, 1, 1)));
    }

    [Fact]
    public void SessionEndReleasesResources()
    {
        using var h = new GpuHarness(connectDisplay: false);
        h.CreateBacked(1, Bgrx, 128, 128);

        h.Device.SessionEnded();

        Assert.Equal(0, h.Device.ResourceCount);
        Assert.Equal(0, h.Device.HostMemoryUsed);
    }

    [Fact]
    public void GpuSetSocketNeedsExactlyOneFdAndNoPayload()
    {
        using var h = new GpuHarness(connectDisplay: false);
        var (a, b) = UnixSocket.CreatePair();
        var fds = new List<FileDescriptor> { a, b };

        Assert.False(h.Device.HandleDeviceMessage(GpuDevice.GpuSetSocketRequest, [], fds));
        Assert.Equal(2, fds.Count);
        Assert.False(h.Device.HandleDeviceMessage(GpuDevice.GpuSetSocketRequest, [1, 2, 3, 4], fds.GetRange(0, 1)));
        Assert.Null(h.Device.HandleDeviceMessage(34, [], fds));
        Assert.False(a.IsClosed);
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public void GpuSetSocketHandsTheSocketToTheDisplay()
    {
        using var h = new GpuHarness(connectDisplay: false);
        var fds = new List<FileDescriptor> { h.Peer.Connect() };

        Assert.True(h.Device.HandleDeviceMessage(GpuDevice.GpuSetSocketRequest, [], fds));

        Assert.Empty(fds);
        h.WaitForDisplay(() => h.Peer.NegotiatedFeatures != null, "protocol negotiation on the new socket");
    }

    private static uint[] U32s(byte[] bytes, int offset, int count) =>
        [.. Enumerable.Range(0, count).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + (4 * i))))];
}

internal static class PixelSpanExtensions
{
    public static void SetTo(this Span<byte> pixel, int b0, int b1, int b2, int b3)
    {
        pixel[0] = (byte)b0;
        pixel[1] = (byte)b1;
        pixel[2] = (byte)b2;
        pixel[3] = (byte)b3;
    }
}
