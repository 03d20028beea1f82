namespace VhostGpu.TestSupport.QemuDisplay;

/// <summary>A console surface as QEMU holds it: width x height pixels, B,G,R,X bytes, stride width*4.</summary>
public sealed class PeerSurface(int width, int height)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public byte[] Bgrx { get; } = new byte[width * height * 4];

    /// <summary>The pixel's colour as 0x00RRGGBB (the X byte means nothing to QEMU).</summary>
    public uint RgbAt(int x, int y)
    {
        int i = (y * Width + x) * 4;
        return (uint)(Bgrx[i + 2] << 16 | Bgrx[i + 1] << 8 | Bgrx[i]);
    }

    public PeerSurface Clone()
    {
        var copy = new PeerSurface(Width, Height);
        Bgrx.CopyTo(copy.Bgrx, 0);
        return copy;
    }
}
