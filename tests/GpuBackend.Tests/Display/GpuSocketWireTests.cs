using System.Buffers.Binary;
using VhostGpu.Display;
using VhostGpu.Display.Qemu;

namespace VhostGpu.Tests.Display;

public sealed class GpuSocketWireTests
{
    [Fact]
    public void Struct_sizes_match_the_protocol()
    {
        Assert.Equal(12, GpuSocketHeader.ByteSize);
        Assert.Equal(12, ScanoutMessage.ByteSize);
        Assert.Equal(12, CursorPositionMessage.ByteSize);
        Assert.Equal(16404, CursorUpdateMessage.ByteSize);
        Assert.Equal(20, UpdateMessage.HeaderSize);
        Assert.Equal(4, EdidRequestMessage.ByteSize);
        Assert.Equal(8, ProtocolFeaturesMessage.ByteSize);
        Assert.Equal(408, DisplayInfoReply.ByteSize);
        Assert.Equal(1056, EdidReply.ByteSize);
        Assert.Equal(20 + 1920 * 136 * 4, new UpdateMessage(0, 0, 0, 1920, 136).PayloadSize);
    }

    [Fact]
    public void Header_is_three_little_endian_words()
    {
        var bytes = new byte[12];
        GpuSocketHeader.ForRequest(GpuSocketRequest.Update, 0x01020304).WriteTo(bytes);
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, 4, 3, 2, 1 }, bytes);

        Assert.True(GpuSocketHeader.TryRead(new byte[] { 3, 0, 0, 0, 4, 0, 0, 0, 0x98, 1, 0, 0 }, out var reply));
        Assert.Equal(new GpuSocketHeader(GpuSocketRequest.GetDisplayInfo, 4, 408), reply);
        Assert.True(reply.IsReply);
        Assert.False(GpuSocketHeader.TryRead(new byte[11], out _));
    }

    [Fact]
    public void Control_messages_encode_exactly()
    {
        var scanout = new byte[ScanoutMessage.MessageSize];
        new ScanoutMessage(2, 1024, 768).WriteMessageTo(scanout);
        Assert.Equal(new uint[] { 7, 0, 12, 2, 1024, 768 }, Words(scanout));

        var buffer = new byte[OutboundItem.MaxControlSize];
        int length = OutboundItem.SetProtocolFeatures(GpuProtocolFeatures.Edid).WriteControlTo(buffer);
        Assert.Equal(new uint[] { 2, 0, 8, 1, 0 }, Words(buffer.AsSpan(0, length)));

        length = OutboundItem.GetEdid(5).WriteControlTo(buffer);
        Assert.Equal(new uint[] { 11, 0, 4, 5 }, Words(buffer.AsSpan(0, length)));

        length = OutboundItem.GetProtocolFeatures().WriteControlTo(buffer);
        Assert.Equal(new uint[] { 1, 0, 0 }, Words(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Cursor_update_lays_out_position_hot_spot_and_pixels()
    {
        var pixels = new byte[CursorImage.ByteLength];
        pixels[0] = 0xAB;
        pixels[^1] = 0xCD;
        var payload = new byte[CursorUpdateMessage.ByteSize];
        new CursorUpdateMessage(new CursorPositionMessage(1, 100, 200), 3, 4).WriteTo(payload, pixels);
        Assert.Equal(new uint[] { 1, 100, 200, 3, 4 }, Words(payload.AsSpan(0, 20)));
        Assert.Equal(0xAB, payload[20]);
        Assert.Equal(0xCD, payload[^1]);
    }

    [Fact]
    public void Display_info_reply_decodes_every_mode()
    {
        var reply = new byte[408];
        BinaryPrimitives.WriteUInt32LittleEndian(reply, 0x1101);
        WriteMode(reply, 0, 0, 0, 1280, 800, 1);
        WriteMode(reply, 15, 1280, 0, 640, 480, 1);

        Assert.True(DisplayInfoReply.TryRead(reply, out var info));
        Assert.Equal(new DisplayMode(new(0, 0, 1280, 800), true, 0), info!.Modes[0]);
        Assert.Equal(new DisplayMode(new(1280, 0, 640, 480), true, 0), info.Modes[15]);
        Assert.False(info.Modes[1].Enabled);
    }

    [Fact]
    public void Display_info_reply_with_wrong_type_size_or_huge_rect_is_refused()
    {
        var reply = new byte[408];
        Assert.False(DisplayInfoReply.TryRead(reply, out _));
        BinaryPrimitives.WriteUInt32LittleEndian(reply, 0x1101);
        Assert.False(DisplayInfoReply.TryRead(reply.AsSpan(0, 407), out _));
        WriteMode(reply, 3, 0x7FFF_FFFF, 0, 2, 2, 1);
        Assert.False(DisplayInfoReply.TryRead(reply, out _));
    }

    [Fact]
    public void Edid_reply_yields_size_bytes_capped_at_the_array()
    {
        var reply = new byte[1056];
        BinaryPrimitives.WriteUInt32LittleEndian(reply, 0x1104);
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(24), 128);
        reply[32] = 0x00;
        reply[33] = 0xFF;
        Assert.True(EdidReply.TryRead(reply, out var edid));
        Assert.Equal(128, edid!.Length);
        Assert.Equal(0xFF, edid[1]);

        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(24), 0xFFFF_FFFF);
        Assert.True(EdidReply.TryRead(reply, out edid));
        Assert.Equal(1024, edid!.Length);

        BinaryPrimitives.WriteUInt32LittleEndian(reply, 0x1200);
        Assert.False(EdidReply.TryRead(reply, out _));
    }

    private static void WriteMode(byte[] reply, int index, uint x, uint y, uint width, uint height, uint enabled)
    {
        var mode = reply.AsSpan(24 + index * 24);
        BinaryPrimitives.WriteUInt32LittleEndian(mode, x);
        BinaryPrimitives.WriteUInt32LittleEndian(mode[4..], y);
        BinaryPrimitives.WriteUInt32LittleEndian(mode[8..], width);
        BinaryPrimitives.WriteUInt32LittleEndian(mode[12..], height);
        BinaryPrimitives.WriteUInt32LittleEndian(mode[16..], enabled);
    }

    private static uint[] Words(ReadOnlySpan<byte> bytes)
    {
        var words = new uint[bytes.Length / 4];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
        }
        return words;
    }
}
