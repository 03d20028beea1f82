using System.Diagnostics;
using VhostGpu.EndToEnd.Imaging;

namespace VhostGpu.EndToEnd.Guest;

/// <summary>
/// The guest that tests/EndToEnd/guest/build-guest makes from the installed Debian kernel and
/// busybox: its kernel, initramfs and the images it can draw.
/// </summary>
public sealed class TestGuest
{
    private static readonly Lazy<TestGuest> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    private TestGuest(string directory, int width, int height, int stride)
    {
        Directory = directory;
        Width = width;
        Height = height;
        Stride = stride;
    }

    public string Directory { get; }

    public string Kernel => Path.Combine(Directory, "vmlinuz");

    public string Initrd => Path.Combine(Directory, "initrd.cpio.gz");

    /// <summary>The framebuffer geometry the images were made for.</summary>
    public int Width { get; }

    public int Height { get; }

    public int Stride { get; }

    /// <summary>Builds the guest once per test run (the builder itself caches across runs).</summary>
    public static TestGuest Instance => Built.Value;

    /// <summary>What the screen must show once the guest has drawn <paramref name="pattern"/>.</summary>
    public RgbImage ImageOf(string pattern)
    {
        byte[] framebuffer = File.ReadAllBytes(Path.Combine(Directory, "patterns", pattern + ".bgrx"));
        return RgbImage.FromBgrx(framebuffer, Width, Height, Stride);
    }

    private static TestGuest Build()
    {
        ProcessStartInfo start = new(RepositoryLayout.GuestBuilder)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process builder = Process.Start(start) ?? throw new InvalidOperationException("cannot start build-guest");
        Task<string> errors = builder.StandardError.ReadToEndAsync();
        string output = builder.StandardOutput.ReadToEnd();
        builder.WaitForExit();
        if (builder.ExitCode != 0)
        {
            throw new InvalidOperationException($"build-guest failed ({builder.ExitCode}): {errors.Result}");
        }

        string directory = output.Trim().Split('\n')[^1];
        int[] geometry = File.ReadAllText(Path.Combine(directory, "geometry")).Split(' ').Select(int.Parse).ToArray();
        return new TestGuest(directory, geometry[0], geometry[1], geometry[2]);
    }
}
