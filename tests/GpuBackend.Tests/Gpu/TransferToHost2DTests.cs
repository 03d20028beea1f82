using VhostGpu.Display;
using VhostGpu.Gpu;
using VhostGpu.Gpu.Wire;

namespace VhostGpu.Tests.Gpu;

/// <summary>
/// TRANSFER_TO_HOST_2D byte semantics at the command layer, against real guest memory: row h of
/// the rectangle comes from backing offset <c>offset + stride * h</c> and lands at image row
/// <c>y + h</c>, column <c>x</c>. The copy moves bytes, so every format must behave the same.
/// </summary>
public sealed class TransferToHost2DTests : IDisposable
{
    private const ulong Base = 0x4000_0000;
    private const int Width = 16;
    private const int Height = 8;
    private const int Stride = Width * 4;

    private readonly MultiRegionGuest _guest = new((Base, 1 << 20));
    private readonly QemuDisplaySink _sink = new();
    private readonly GpuState _state;

    public TransferToHost2DTests() => _state = new GpuState(_sink, GpuDeviceOptions.DefaultMaxHostMemory);

    public static TheoryData<uint> Formats => [1, 2, 3, 4, 67, 68, 121, 134];

    private ResponseType Execute(byte[] request) =>
        ControlCommandDispatcher.Execute(_state, _guest.Map, (ControlType)BitConverter.ToUInt32(request), request);

    /// <summary>A resource whose backing is one buffer of <paramref name="rows"/> full rows, byte i = (i * 7 + 1) mod 256.</summary>
    private byte[] CreateWithPattern(uint format, int rows = Height, int entries = 1)
    {
        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.Create2D(1, format, Width, Height)));
        var pattern = new byte[rows * Stride];
        for (int i = 0; i < pattern.Length; i++)
        {
            pattern[i] = (byte)((i * 7) + 1);
        }
        // Scatter the backing: entry k is placed at a descending address, so order matters.
        var list = new List<(ulong, uint)>();
        int chunk = (pattern.Length + entries - 1) / entries;
        for (int k = 0, at = 0; at < pattern.Length; k++, at += chunk)
        {
            int length = Math.Min(chunk, pattern.Length - at);
            ulong gpa = Base + 0x8_0000 - ((ulong)(k + 1) * 0x1000) + 13;
            pattern.AsSpan(at, length).CopyTo(_guest.Bytes(gpa, length));
            list.Add((gpa, (uint)length));
        }
        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.AttachBacking(1, [.. list])));
        return pattern;
    }

    private byte[] Image()
    {
        Assert.True(_state.Resources.TryGet(1, out var resource));
        lock (resource.Image.SyncRoot)
        {
            return resource.Image.Pixels.ToArray();
        }
    }

    private static byte[] Expected(byte[] backing, int x, int y, int width, int height, ulong offset, byte[]? before = null)
    {
        var image = before ?? new byte[Width * Height * 4];
        for (int h = 0; h < height; h++)
        {
            int source = (int)offset + (Stride * h);
            if (source >= backing.Length)
            {
                break;
            }
            int count = Math.Clamp(backing.Length - source, 0, width * 4);
            backing.AsSpan(source, count).CopyTo(image.AsSpan(((y + h) * Stride) + (x * 4)));
        }
        return image;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void APartialRectangleComesFromTheOffsetTheDriverComputed(uint format)
    {
        var backing = CreateWithPattern(format);
        // What Linux sends: offset = y * stride + x * 4 for the damaged rectangle.
        ulong offset = (2 * Stride) + (3 * 4);

        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.Transfer(1, 3, 2, 5, 4, offset)));

        Assert.Equal(Expected(backing, 3, 2, 5, 4, offset), Image());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void TheSourceOffsetIsIndependentOfTheDestinationPosition(uint format)
    {
        var backing = CreateWithPattern(format);

        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.Transfer(1, 9, 5, 7, 3, 4)));

        Assert.Equal(Expected(backing, 9, 5, 7, 3, 4), Image());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void FullWidthRowsAtAnOffsetCopyAsOneBlock(uint format)
    {
        var backing = CreateWithPattern(format, entries: 5);
        ulong offset = (5 * Stride) + 8;

        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.Transfer(1, 0, 3, Width, 2, offset)));

        Assert.Equal(Expected(backing, 0, 3, Width, 2, offset), Image());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void AScatteredBackingReadsAsItsEntriesInOrder(uint format)
    {
        var backing = CreateWithPattern(format, entries: 7);

        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.Transfer(1, 0, 0, Width, Height, 0)));
        Assert.Equal(backing, Image());
    }

    [Fact]
    public void ABackingShorterThanTheRectangleFillsWhatItHas()
    {
        var backing = CreateWithPattern(2, rows: 3);

        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.Transfer(1, 2, 0, 10, Height, 0)));

        Assert.Equal(Expected(backing, 2, 0, 10, Height, 0), Image());
    }

    [Fact]
    public void AnOffsetPastTheBackingChangesNothing()
    {
        CreateWithPattern(2);

        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.Transfer(1, 0, 0, Width, Height, ulong.MaxValue - 3)));
        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.Transfer(1, 0, 0, Width, Height, Width * Height * 4)));

        Assert.All(Image(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void LaterTransfersOverwriteOnlyTheirRectangle()
    {
        var backing = CreateWithPattern(1);
        Execute(GpuRequests.Transfer(1, 0, 0, Width, Height, 0));
        var before = Image();
        var changed = (byte[])backing.Clone();
        for (int i = 0; i < changed.Length; i++)
        {
            changed[i] ^= 0xFF;
        }
        changed.CopyTo(_guest.Bytes(Base + 0x8_0000 - 0x1000 + 13, changed.Length));

        Assert.Equal(ResponseType.OkNoData, Execute(GpuRequests.Transfer(1, 4, 1, 3, 2, (1 * Stride) + (4 * 4))));

        Assert.Equal(Expected(changed, 4, 1, 3, 2, (1 * Stride) + (4 * 4), before), Image());
    }

    public void Dispose()
    {
        _state.Clear();
        _sink.Dispose();
        _guest.Dispose();
    }
}
