namespace VhostGpu.TestSupport.QemuDisplay;

/// <summary>
/// Message ids and sizes of the vhost-user-gpu socket as QEMU's hw/display/vhost-user-gpu.c knows
/// them. Written out here, not borrowed from the back-end, so the peer checks our encoding instead of
/// sharing its mistakes.
/// </summary>
public static class VhostUserGpuMessage
{
    public const uint GetProtocolFeatures = 1;
    public const uint SetProtocolFeatures = 2;
    public const uint GetDisplayInfo = 3;
    public const uint CursorPos = 4;
    public const uint CursorPosHide = 5;
    public const uint CursorUpdate = 6;
    public const uint Scanout = 7;
    public const uint Update = 8;
    public const uint DmabufScanout = 9;
    public const uint DmabufUpdate = 10;
    public const uint GetEdid = 11;
    public const uint DmabufScanout2 = 12;

    public const uint ReplyFlag = 0x4;
    public const int HeaderSize = 12;
    public const int CursorUpdateSize = 16404;
    public const int DisplayInfoReplySize = 408;
    public const int EdidReplySize = 1056;
    public const uint RespOkDisplayInfo = 0x1101;
    public const uint RespOkEdid = 0x1104;
}
