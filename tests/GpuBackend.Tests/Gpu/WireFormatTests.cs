using System.Buffers.Binary;
using VhostGpu.Display;
using VhostGpu.Gpu.Wire;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.Gpu;

public class WireFormatTests
{
    [Fact]
    public void StructSizesMatchTheVirtioGpuLayouts()
    {
        Assert.Equal(24, ControlHeader.Size);
        Assert.Equal(16, WireRect.Size);
        Assert.Equal(40, ResourceCreate2DRequest.Size);
        Assert.Equal(32, ResourceIdRequest.Size);
        Assert.Equal(48, SetScanoutRequest.Size);
        Assert.Equal(48, ResourceFlushRequest.Size);
        Assert.Equal(56, TransferToHost2DRequest.Size);
        Assert.Equal(32, AttachBackingRequest.Size);
        Assert.Equal(16, MemoryEntry.Size);
        Assert.Equal(32, GetEdidRequest.Size);
        Assert.Equal(32, CapsetRequest.Size);
        Assert.Equal(56, CursorRequest.Size);
        Assert.Equal(408, DisplayInfoResponse.Size);
        Assert.Equal(1056, EdidResponse.Size);
    }

    private static byte[] Counting(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)i;
        }
        return bytes;
    }

    private static uint U32At(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Counting(offset + 4).AsSpan(offset));

    [Fact]
    public void HeaderFieldsComeFromTheirOffsets()
    {
        Assert.True(ControlHeader.TryRead(Counting(24), out var h));

        Assert.Equal(U32At(0), h.Type);
        Assert.Equal(U32At(4), h.Flags);
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(Counting(16).AsSpan(8)), h.FenceId);
        Assert.Equal(U32At(16), h.ContextId);
        Assert.Equal(20, h.RingIndex);
        Assert.False(ControlHeader.TryRead(Counting(23), out _));
    }

    [Fact]
    public void RequestFieldsComeFromTheirOffsets()
    {
        var bytes = Counting(64);

        Assert.True(ResourceCreate2DRequest.TryRead(bytes, out var create));
        Assert.Equal(new ResourceCreate2DRequest(U32At(24), U32At(28), U32At(32), U32At(36)), create);
        Assert.True(SetScanoutRequest.TryRead(bytes, out var scanout));
        Assert.Equal(new SetScanoutRequest(new WireRect(U32At(24), U32At(28), U32At(32), U32At(36)), U32At(40), U32At(44)), scanout);
        Assert.True(ResourceFlushRequest.TryRead(bytes, out var flush));
        Assert.Equal(new ResourceFlushRequest(new WireRect(U32At(24), U32At(28), U32At(32), U32At(36)), U32At(40)), flush);
        Assert.True(TransferToHost2DRequest.TryRead(bytes, out var transfer));
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(40)), transfer.Offset);
        Assert.Equal(U32At(48), transfer.ResourceId);
        Assert.True(CursorRequest.TryRead(bytes, out var cursor));
        Assert.Equal(new CursorRequest(U32At(24), U32At(28), U32At(32), U32At(40), U32At(44), U32At(48)), cursor);
        Assert.True(ResourceIdRequest.TryRead(bytes, out var id));
        Assert.Equal(U32At(24), id.ResourceId);
        Assert.True(GetEdidRequest.TryRead(bytes, out var edid));
        Assert.Equal(U32At(24), edid.ScanoutId);
        Assert.True(CapsetRequest.TryRead(bytes, out var capset));
        Assert.Equal(new CapsetRequest(U32At(24), U32At(28)), capset);
        Assert.True(AttachBackingRequest.TryRead(bytes, out var attach));
        Assert.Equal(U32At(24), attach.ResourceId);
        Assert.Equal(U32At(28), attach.EntryCount);
        Assert.Equal(32, attach.EntryBytes.Length);
        Assert.Equal(new MemoryEntry(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(48)), U32At(56)), attach.Entry(1));
    }

    [Fact]
    public void EveryRequestShorterThanItsStructIsRefused()
    {
        Assert.False(ResourceCreate2DRequest.TryRead(new byte[39], out _));
        Assert.False(ResourceIdRequest.TryRead(new byte[31], out _));
        Assert.False(SetScanoutRequest.TryRead(new byte[47], out _));
        Assert.False(ResourceFlushRequest.TryRead(new byte[47], out _));
        Assert.False(TransferToHost2DRequest.TryRead(new byte[55], out _));
        Assert.False(AttachBackingRequest.TryRead(new byte[31], out _));
        Assert.False(GetEdidRequest.TryRead(new byte[31], out _));
        Assert.False(CapsetRequest.TryRead(new byte[31], out _));
        Assert.False(CursorRequest.TryRead(new byte[55], out _));
    }

    [Fact]
    public void ResponseHeaderEchoesTheFenceAndNothingElse()
    {
        var fenced = new ControlHeader(0x0101, ControlHeader.FlagFence | 2, 0x1122_3344_5566_7788, 9, 5);
        var response = new byte[24];
        response.AsSpan().Fill(0xEE);

        fenced.WriteResponse(response, ResponseType.ErrOutOfMemory);

        Assert.Equal(0x1201u, BinaryPrimitives.ReadUInt32LittleEndian(response));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(4)));
        Assert.Equal(0x1122_3344_5566_7788UL, BinaryPrimitives.ReadUInt64LittleEndian(response.AsSpan(8)));
        Assert.Equal(9u, BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(16)));
        Assert.All(response[20..], b => Assert.Equal(0, b));

        new ControlHeader(0x0101, 0, 77, 9, 5).WriteResponse(response, ResponseType.OkNoData);
        Assert.Equal(0x1100u, BinaryPrimitives.ReadUInt32LittleEndian(response));
        Assert.All(response[4..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void DisplayInfoModesAreWrittenPerScanout()
    {
        var modes = new DisplayMode[16];
        modes[0] = new DisplayMode(new PixelRect(0, 0, 1280, 800), true, 0);
        modes[3] = new DisplayMode(new PixelRect(10, 20, 640, 480), false, 7);
        var response = new byte[DisplayInfoResponse.Size];

        DisplayInfoResponse.WriteModes(response, new DisplayInfo(modes));

        Assert.Equal(new uint[] { 0, 0, 1280, 800, 1, 0 }, U32s(response, 24, 6));
        Assert.Equal(new uint[] { 10, 20, 640, 480, 0, 7 }, U32s(response, 24 + (3 * 24), 6));
        Assert.All(response[48..96], b => Assert.Equal(0, b));
    }

    [Fact]
    public void EdidResponseCarriesSizeAndBytes()
    {
        var response = new byte[EdidResponse.Size];
        byte[] edid = EdidBytes();

        EdidResponse.WriteEdid(response, edid);

        Assert.Equal(256u, BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(24)));
        Assert.Equal(edid, response[32..288]);
        Assert.Throws<ArgumentException>(() => EdidResponse.WriteEdid(response, new byte[1025]));
    }

    private static byte[] EdidBytes() => VhostGpu.Display.Edid.EdidGenerator.Generate(1280, 800);

    private static uint[] U32s(byte[] bytes, int offset, int count) =>
        [.. Enumerable.Range(0, count).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + (4 * i))))];

    [Theory]
    [InlineData(1u, PixelFormat.Bgra)]
    [InlineData(2u, PixelFormat.Bgrx)]
    [InlineData(3u, PixelFormat.Argb)]
    [InlineData(4u, PixelFormat.Xrgb)]
    [InlineData(67u, PixelFormat.Rgba)]
    [InlineData(68u, PixelFormat.Xbgr)]
    [InlineData(121u, PixelFormat.Abgr)]
    [InlineData(134u, PixelFormat.Rgbx)]
    public void TheEightFormatsMapToHostFormats(uint wire, PixelFormat expected)
    {
        Assert.Equal(expected, VirtioGpuFormat.ToPixelFormat(wire));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(5u)]
    [InlineData(66u)]
    [InlineData(0xFFFF_FFFFu)]
    public void OtherFormatsAreUnknown(uint wire)
    {
        Assert.Null(VirtioGpuFormat.ToPixelFormat(wire));
    }

    [Theory]
    [InlineData(0u, 0u, 64u, 32u, true)]
    [InlineData(63u, 31u, 1u, 1u, true)]
    [InlineData(0u, 0u, 65u, 32u, false)]
    [InlineData(64u, 0u, 1u, 1u, false)]
    [InlineData(64u, 32u, 0u, 0u, true)]
    [InlineData(1u, 0u, 0xFFFF_FFFFu, 1u, false)]   // x + width wraps to 0 in 32 bits
    [InlineData(0u, 2u, 1u, 0xFFFF_FFFFu, false)]
    [InlineData(0xFFFF_FFFFu, 0u, 1u, 1u, false)]
    public void RectanglesMustFitTheResource(uint x, uint y, uint width, uint height, bool fits)
    {
        Assert.Equal(fits, new WireRect(x, y, width, height).FitsWithin(64, 32));
    }
}
