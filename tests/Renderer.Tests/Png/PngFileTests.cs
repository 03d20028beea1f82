using VhostGpu.Rendering.Imaging;
using VhostGpu.Rendering.Png;

namespace VhostGpu.Tests.Png;

public sealed class PngFileTests
{
    [Fact]
    public void Frame_survives_a_round_trip_with_alpha_intact()
    {
        var frame = new BgraFrame(3, 2);
        for (int i = 0; i < frame.Pixels.Length; i++)
        {
            frame.Pixels[i] = (byte)(i * 11);
        }
        string path = Path.Combine(Path.GetTempPath(), $"vhostgpu-png-{Guid.NewGuid():N}.png");
        try
        {
            PngFile.Save(frame, path);
            BgraFrame back = PngFile.Load(path);
            Assert.Equal((3, 2), (back.Width, back.Height));
            Assert.Equal(frame.Pixels, back.Pixels);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
