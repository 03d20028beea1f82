namespace VhostGpu.Display;

/// <summary>A 64x64 cursor in B,G,R,A byte order (native-endian ARGB32), with its hot spot.</summary>
public sealed class CursorImage
{
    public const int Size = 64;
    public const int ByteLength = Size * Size * 4;

    public CursorImage(byte[] bgra, int hotX, int hotY)
    {
        if (bgra.Length != ByteLength)
        {
            throw new ArgumentException($"cursor image must be {ByteLength} bytes", nameof(bgra));
        }
        Bgra = bgra;
        HotX = hotX;
        HotY = hotY;
    }

    public byte[] Bgra { get; }

    public int HotX { get; }

    public int HotY { get; }
}
