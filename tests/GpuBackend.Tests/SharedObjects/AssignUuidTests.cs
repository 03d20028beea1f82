using System.Buffers.Binary;
using VhostGpu.Gpu;
using VhostGpu.Gpu.Wire;
using VhostGpu.Interop;
using VhostGpu.Tests.Gpu;

namespace VhostGpu.Tests.SharedObjects;

/// <summary>
/// RESOURCE_ASSIGN_UUID at the device, driven through real control rings, without a back-end
/// channel (the front-end's side is in the protocol tests): the UUID, its stability, and the
/// descriptor GET_SHARED_OBJECT hands out for it.
/// </summary>
public sealed class AssignUuidTests : IDisposable
{
    private const uint Xrgb = 2;
    private readonly GpuHarness _gpu = new(connectDisplay: false);

    public void Dispose() => _gpu.Dispose();

    [Fact]
    public void DeviceOffersResourceUuidAndSharedObjects()
    {
        Assert.NotEqual(0UL, _gpu.Device.Features & (1UL << 2));
        Assert.NotEqual(0UL, _gpu.Device.ProtocolFeatures & (1UL << 18));
    }

    [Fact]
    public void AssignAnswersAVersion4UuidThatStaysTheSame()
    {
        _gpu.CreateBacked(7, Xrgb, 8, 8);

        byte[] first = _gpu.Send(GpuRequests.AssignUuid(7, fence: 99));
        byte[] again = _gpu.Send(GpuRequests.AssignUuid(7));

        Assert.Equal(ResourceUuidResponse.Size, first.Length);
        Assert.Equal(ResponseType.OkResourceUuid, GpuRequests.TypeOf(first));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(first.AsSpan(4)));
        Assert.Equal(99UL, BinaryPrimitives.ReadUInt64LittleEndian(first.AsSpan(8)));
        Assert.Equal(4, first[24 + 6] >> 4);
        Assert.Equal(0b10, first[24 + 8] >> 6);
        Assert.Equal(first.AsSpan(24).ToArray(), again.AsSpan(24).ToArray());
        Assert.Equal(1, _gpu.Device.SharedObjectCount);
    }

    [Fact]
    public void SharedDescriptorMapsExactlyTheResourcePixelsAcrossLaterTransfers()
    {
        const int width = 20, height = 6, stride = width * 4;
        var pixels = new byte[stride * height];
        new Random(3).NextBytes(pixels);
        ulong backing = _gpu.CreateBacked(3, Xrgb, width, height, pixels);
        Assert.Equal(ResponseType.OkNoData, _gpu.Run(GpuRequests.Transfer(3, 0, 0, width, height, 0)));

        Guid uuid = ResourceUuidResponse.ReadUuid(_gpu.Send(GpuRequests.AssignUuid(3)));
        using var shared = _gpu.Device.OpenSharedObject(uuid);
        Assert.NotNull(shared);
        Assert.True(shared.GetFileSize() >= pixels.Length);
        using var view = MemoryMapping.TryMap(shared, (ulong)shared.GetFileSize(), out _)!;
        Assert.Equal(pixels, view.GetSpan(0, pixels.Length).ToArray());

        // A later transfer lands in the same pages: the holder sees it without fetching again.
        _gpu.Bytes(backing + (ulong)(2 * stride) + 8, 4).Fill(0x5c);
        Assert.Equal(ResponseType.OkNoData, _gpu.Run(GpuRequests.Transfer(3, 2, 2, 1, 1, (ulong)(2 * stride) + 8)));
        Assert.Equal(new byte[] { 0x5c, 0x5c, 0x5c, 0x5c }, view.GetSpan((ulong)(2 * stride) + 8, 4).ToArray());
    }

    [Fact]
    public void UnrefWithdrawsTheUuidButTheHolderKeepsItsPages()
    {
        var pixels = Enumerable.Range(0, 4 * 4 * 4).Select(i => (byte)i).ToArray();
        _gpu.CreateBacked(5, Xrgb, 4, 4, pixels);
        Assert.Equal(ResponseType.OkNoData, _gpu.Run(GpuRequests.Transfer(5, 0, 0, 4, 4, 0)));
        Guid uuid = ResourceUuidResponse.ReadUuid(_gpu.Send(GpuRequests.AssignUuid(5)));
        using var held = _gpu.Device.OpenSharedObject(uuid)!;

        Assert.Equal(ResponseType.OkNoData, _gpu.Run(GpuRequests.Unref(5)));

        Assert.Null(_gpu.Device.OpenSharedObject(uuid));
        Assert.Equal(0, _gpu.Device.SharedObjectCount);
        using var view = MemoryMapping.TryMap(held, 4096, out _)!;
        Assert.Equal(pixels, view.GetSpan(0, pixels.Length).ToArray());

        _gpu.CreateBacked(5, Xrgb, 4, 4);
        Guid reborn = ResourceUuidResponse.ReadUuid(_gpu.Send(GpuRequests.AssignUuid(5)));
        Assert.NotEqual(uuid, reborn);
    }

    [Fact]
    public void ResetWithdrawsEveryUuid()
    {
        _gpu.CreateBacked(1, Xrgb, 4, 4);
        _gpu.CreateBacked(2, Xrgb, 4, 4);
        Guid one = ResourceUuidResponse.ReadUuid(_gpu.Send(GpuRequests.AssignUuid(1)));
        Guid two = ResourceUuidResponse.ReadUuid(_gpu.Send(GpuRequests.AssignUuid(2)));
        Assert.NotEqual(one, two);

        _gpu.Device.Reset();

        Assert.Null(_gpu.Device.OpenSharedObject(one));
        Assert.Null(_gpu.Device.OpenSharedObject(two));
        Assert.Equal(0, _gpu.Device.SharedObjectCount);
    }

    [Fact]
    public void UnknownResourceAndShortRequestAreRefused()
    {
        byte[] unknown = _gpu.Send(GpuRequests.AssignUuid(42));
        byte[] shortRequest = _gpu.Send(GpuRequests.AssignUuid(1)[..28]);

        Assert.Equal(ControlHeader.Size, unknown.Length);
        Assert.Equal(ResponseType.ErrInvalidResourceId, GpuRequests.TypeOf(unknown));
        Assert.Equal(ResponseType.ErrInvalidParameter, GpuRequests.TypeOf(shortRequest));
        Assert.Null(_gpu.Device.OpenSharedObject(Guid.NewGuid()));
    }
}
