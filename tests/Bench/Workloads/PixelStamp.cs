using VhostGpu.Bench.Guest;
using VhostGpu.Bench.Session;

namespace VhostGpu.Bench.Workloads;

/// <summary>
/// Proof that a step's pixels really travelled guest → back-end → display: before the step the
/// guest writes a value derived from the step number into a few pixels at positions the back-end
/// cannot predict (one per horizontal band of the rectangle, so no two collide); afterwards the
/// display must show exactly those values. A back-end that skips or reorders work fails here.
/// </summary>
public sealed class PixelStamp(int samplesPerRect)
{
    private readonly List<(uint X, uint Y, uint Rgb)> _written = new(1024);

    public int Failures { get; private set; }

    public string? FirstFailure { get; private set; }

    public void Clear() => _written.Clear();

    /// <summary>Writes the stamps of <paramref name="step"/> inside <paramref name="rect"/> of <paramref name="resource"/>.</summary>
    public void Write(GuestResource resource, Rect rect, ulong step)
    {
        int bands = (int)Math.Min((uint)samplesPerRect, rect.Height);
        ulong state = Mix(step * 0x9E3779B97F4A7C15UL + rect.X * 31 + rect.Y);
        for (int band = 0; band < bands; band++)
        {
            uint top = rect.Y + (uint)((ulong)rect.Height * (uint)band / (uint)bands);
            uint bottom = rect.Y + (uint)((ulong)rect.Height * (uint)(band + 1) / (uint)bands);
            state = Mix(state);
            uint x = rect.X + (uint)(state % rect.Width);
            uint y = top + (uint)((state >> 32) % (bottom - top));
            uint rgb = (uint)(Mix(state ^ step) & 0xFF_FFFF);
            var pixel = resource.Pixel(x, y);
            // B8G8R8X8 / B8G8R8A8 byte order: B, G, R, then X/A.
            pixel[0] = (byte)rgb;
            pixel[1] = (byte)(rgb >> 8);
            pixel[2] = (byte)(rgb >> 16);
            pixel[3] = 0xFF;
            _written.Add((x, y, rgb));
        }
    }

    /// <summary>Whether scanout 0 shows every stamp written since <see cref="Clear"/> (a step's completion test).</summary>
    public bool AllShownOnScanout(BenchSession session)
    {
        foreach (var (x, y, rgb) in _written)
        {
            if (session.Display.ShownRgbAt(0, (int)x, (int)y) != rgb)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Checks every stamp written since <see cref="Clear"/> against what scanout 0 shows now.</summary>
    public void VerifyScanout(BenchSession session)
    {
        foreach (var (x, y, rgb) in _written)
        {
            uint? shown = session.Display.ShownRgbAt(0, (int)x, (int)y);
            if (shown != rgb)
            {
                Fail($"pixel ({x},{y}) shows {(shown is { } s ? $"0x{s:x6}" : "nothing")}, the guest wrote 0x{rgb:x6}");
            }
        }
    }

    /// <summary>Checks the stamps against a 64x64 B,G,R,A cursor image as the display received it.</summary>
    public void VerifyCursor(ReadOnlySpan<byte> bgra, uint width)
    {
        foreach (var (x, y, rgb) in _written)
        {
            int i = (int)((y * width) + x) * 4;
            uint shown = i + 3 < bgra.Length ? (uint)(bgra[i] | (bgra[i + 1] << 8) | (bgra[i + 2] << 16)) : uint.MaxValue;
            if (shown != rgb)
            {
                Fail($"cursor pixel ({x},{y}) shows 0x{shown:x6}, the guest wrote 0x{rgb:x6}");
            }
        }
    }

    public void Fail(string what)
    {
        Failures++;
        FirstFailure ??= what;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
