using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VhostGpu.Rendering.Imaging;

/// <summary>
/// Converts rows of any <see cref="PixelFormat"/> to the two byte orders displays take:
/// B,G,R,X (QEMU's PIXMAN_x8r8g8b8 console surfaces) and B,G,R,A (cursors, pictures with alpha).
/// </summary>
/// <remarks>
/// The fourth byte of <see cref="ToBgrx"/> output is 0xFF for formats that are reordered and the
/// source's own fourth byte for B,G,R,A and B,G,R,X sources, which are copied as they are: x8r8g8b8
/// readers ignore it, and a plain copy is the fastest path for the formats guests use most.
/// <see cref="ToBgra"/> keeps real alpha and makes every X channel 0xFF (opaque).
/// Rows are shuffled 8 or 4 pixels at a time with pshufb; the last pixels go through the scalar path.
/// </remarks>
public static class PixelConverter
{
    /// <summary>Converts whole pixels of <paramref name="format"/> into B,G,R,X; see the remarks for the X byte.</summary>
    public static void ToBgrx(ReadOnlySpan<byte> source, Span<byte> destination, PixelFormat format)
    {
        CheckLengths(source, destination);
        if (format is PixelFormat.Bgra or PixelFormat.Bgrx)
        {
            source.CopyTo(destination);
            return;
        }
        Shuffle(source, destination, ShuffleMask.For(format, keepAlpha: false));
    }

    /// <summary>Converts whole pixels of <paramref name="format"/> into B,G,R,A; X channels become opaque.</summary>
    public static void ToBgra(ReadOnlySpan<byte> source, Span<byte> destination, PixelFormat format)
    {
        CheckLengths(source, destination);
        if (format is PixelFormat.Bgra)
        {
            source.CopyTo(destination);
            return;
        }
        Shuffle(source, destination, ShuffleMask.For(format, keepAlpha: true));
    }

    private static void CheckLengths(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length % PixelLayout.BytesPerPixel != 0)
        {
            throw new ArgumentException("source is not a whole number of 32-bit pixels", nameof(source));
        }
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("destination is shorter than source", nameof(destination));
        }
    }

    private static void Shuffle(ReadOnlySpan<byte> source, Span<byte> destination, ShuffleMask mask)
    {
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)source.Length;
        nuint i = 0;
        // Pixels never straddle a 16-byte lane, so the per-lane pshufb of AVX2 is exactly right.
        if (Avx2.IsSupported && length >= 32)
        {
            var indices = Vector256.Create(mask.Indices, mask.Indices);
            var opaque = Vector256.Create(mask.Opaque, mask.Opaque);
            for (; i + 32 <= length; i += 32)
            {
                var pixels = Vector256.LoadUnsafe(ref src, i);
                (Avx2.Shuffle(pixels, indices) | opaque).StoreUnsafe(ref dst, i);
            }
        }
        if (Ssse3.IsSupported)
        {
            for (; i + 16 <= length; i += 16)
            {
                var pixels = Vector128.LoadUnsafe(ref src, i);
                (Ssse3.Shuffle(pixels, mask.Indices) | mask.Opaque).StoreUnsafe(ref dst, i);
            }
        }
        for (; i < length; i += 4)
        {
            byte alpha = Unsafe.Add(ref src, i + mask.AlphaIndex);
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i + mask.BlueIndex);
            Unsafe.Add(ref dst, i + 1) = Unsafe.Add(ref src, i + mask.GreenIndex);
            Unsafe.Add(ref dst, i + 2) = Unsafe.Add(ref src, i + mask.RedIndex);
            Unsafe.Add(ref dst, i + 3) = mask.ForceOpaque ? (byte)0xFF : alpha;
        }
    }

    /// <summary>Where each output byte of a pixel comes from, for one source format.</summary>
    private readonly struct ShuffleMask
    {
        private ShuffleMask(PixelLayout layout, bool forceOpaque)
        {
            BlueIndex = (nuint)layout.Blue;
            GreenIndex = (nuint)layout.Green;
            RedIndex = (nuint)layout.Red;
            AlphaIndex = (nuint)layout.Alpha;
            ForceOpaque = forceOpaque;
            Span<byte> indices = stackalloc byte[16];
            Span<byte> opaque = stackalloc byte[16];
            for (int p = 0; p < 16; p += 4)
            {
                indices[p] = (byte)(p + layout.Blue);
                indices[p + 1] = (byte)(p + layout.Green);
                indices[p + 2] = (byte)(p + layout.Red);
                indices[p + 3] = (byte)(p + layout.Alpha);
                opaque[p + 3] = forceOpaque ? (byte)0xFF : (byte)0;
            }
            Indices = Vector128.Create((ReadOnlySpan<byte>)indices);
            Opaque = Vector128.Create((ReadOnlySpan<byte>)opaque);
        }

        public nuint BlueIndex { get; }

        public nuint GreenIndex { get; }

        public nuint RedIndex { get; }

        public nuint AlphaIndex { get; }

        public bool ForceOpaque { get; }

        public Vector128<byte> Indices { get; }

        public Vector128<byte> Opaque { get; }

        public static ShuffleMask For(PixelFormat format, bool keepAlpha)
        {
            var layout = PixelLayout.Of(format);
            return new ShuffleMask(layout, forceOpaque: !(keepAlpha && layout.HasAlpha));
        }
    }
}
