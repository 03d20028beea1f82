namespace VhostGpu.TestSupport.QemuDisplay;

/// <summary>How the stand-in QEMU behaves. Read by the peer's thread at each message, so tests may change it on the fly.</summary>
public sealed class QemuDisplayPeerOptions
{
    /// <summary>Answer to GET_PROTOCOL_FEATURES (QEMU 10.0.2: EDID | DMABUF2).</summary>
    public ulong ProtocolFeatures { get; set; } = 0x3;

    /// <summary>QEMU's max_outputs: ids at or above it are ignored, and GET_EDID for them is never answered.</summary>
    public int MaxOutputs { get; set; } = 1;

    /// <summary>The size GET_DISPLAY_INFO reports for every output below <see cref="MaxOutputs"/>.</summary>
    public int Width { get; set; } = 1280;

    public int Height { get; set; } = 800;

    /// <summary>The EDID bytes GET_EDID returns (QEMU reports size 1024, the array size, whatever it generated).</summary>
    public byte[] Edid { get; set; } = DefaultEdid();

    /// <summary>False: GET_DISPLAY_INFO and GET_EDID are read and never answered.</summary>
    public bool AnswerQueries { get; set; } = true;

    /// <summary>The peer sleeps this long (reading nothing, like a busy QEMU main loop) before each reply.</summary>
    public TimeSpan ReplyDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The GET_PROTOCOL_FEATURES reply waits for <see cref="QemuDisplayPeer.ReleaseProtocolFeatures"/> (QEMU busy with vhost-user set-up).</summary>
    public bool HoldProtocolFeatures { get; set; }

    /// <summary>Keep a log of every message (turn off for long benchmark runs).</summary>
    public bool RecordMessages { get; set; } = true;

    private static byte[] DefaultEdid()
    {
        var edid = new byte[256];
        for (int i = 0; i < edid.Length; i++)
        {
            edid[i] = (byte)(i * 7 + 3);
        }
        return edid;
    }
}
