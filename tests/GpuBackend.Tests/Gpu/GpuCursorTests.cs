using VhostGpu.Display;
using VhostGpu.Gpu.Wire;
using VhostGpu.TestSupport.QemuDisplay;
using static VhostGpu.Tests.Gpu.GpuRequests;

namespace VhostGpu.Tests.Gpu;

public class GpuCursorTests
{
    private const uint Argb = 3;

    /// <summary>A 64x64 A,R,G,B resource on the cursor: pixel i has A = 0x80, R = i / 64, G = i % 64, B = 0x33.</summary>
    private static void CreateCursorResource(GpuHarness h, uint id)
    {
        var pixels = new byte[CursorImage.ByteLength];
        for (int i = 0; i < 64 * 64; i++)
        {
            pixels.AsSpan(i * 4, 4).SetTo(0x80, i / 64, i % 64, 0x33);
        }
        h.CreateBacked(id, Argb, 64, 64, pixels);
        Assert.Equal(ResponseType.OkNoData, h.Run(Transfer(id, 0, 0, 64, 64, 0)));
    }

    private static void AssertCursorImage(byte[]? bgra)
    {
        Assert.NotNull(bgra);
        for (int i = 0; i < 64 * 64; i++)
        {
            Assert.Equal(new byte[] { 0x33, (byte)(i % 64), (byte)(i / 64), 0x80 }, bgra.AsSpan(i * 4, 4).ToArray());
        }
    }

    [Fact]
    public void UpdateCursorSendsTheImageInBgraWithItsHotSpot()
    {
        using var h = new GpuHarness();
        CreateCursorResource(h, 5);

        h.SendCursor(UpdateCursor(0, 100, 50, 5, 7, 9));

        h.WaitForDisplay(() => h.Peer.Cursor.ImageUpdates == 1, "the cursor image");
        var cursor = h.Peer.Cursor;
        Assert.True(cursor.Visible);
        Assert.Equal((100u, 50u, 7u, 9u), (cursor.X, cursor.Y, cursor.HotX, cursor.HotY));
        AssertCursorImage(cursor.Bgra);
    }

    [Fact]
    public void MoveCursorMovesAndResourceZeroHides()
    {
        using var h = new GpuHarness();
        CreateCursorResource(h, 5);
        h.SendCursor(UpdateCursor(0, 1, 1, 5, 0, 0));

        h.SendCursor(MoveCursor(0, 300, 200, 5));
        h.WaitForDisplay(() => h.Peer.Cursor is { X: 300, Y: 200, Visible: true }, "the moved cursor");
        h.SendCursor(MoveCursor(0, 310, 210, 0));
        h.WaitForDisplay(() => h.Peer.Cursor is { X: 310, Y: 210, Visible: false }, "the hidden cursor");
        h.SendCursor(MoveCursor(0, 320, 220, 5));
        h.WaitForDisplay(() => h.Peer.Cursor is { X: 320, Y: 220, Visible: true }, "the cursor shown again");
        h.SendCursor(UpdateCursor(0, 5, 6, 0, 0, 0));
        h.WaitForDisplay(() => h.Peer.Cursor is { X: 5, Y: 6, Visible: false }, "the cursor hidden by an update without resource");
        Assert.Equal(1, h.Peer.Cursor.ImageUpdates);
    }

    [Fact]
    public void UnrefOfTheCursorResourceKeepsTheCursorItHasAlreadyLoaded()
    {
        using var h = new GpuHarness();
        CreateCursorResource(h, 5);
        h.SendCursor(UpdateCursor(0, 10, 10, 5, 1, 1));

        Assert.Equal(ResponseType.OkNoData, h.Run(Unref(5)));
        h.SendCursor(MoveCursor(0, 20, 30, 5));

        h.WaitForDisplay(() => h.Peer.Cursor is { X: 20, Y: 30, Visible: true }, "the moved cursor");
        AssertCursorImage(h.Peer.Cursor.Bgra);
        Assert.Equal(0, h.Device.HostMemoryUsed);
        // The id is gone: a new UPDATE_CURSOR naming it hides the cursor instead of using freed pixels.
        h.SendCursor(UpdateCursor(0, 20, 30, 5, 1, 1));
        h.WaitForDisplay(() => !h.Peer.Cursor.Visible, "the hidden cursor");
        Assert.Equal(1, h.Peer.Cursor.ImageUpdates);
    }

    [Theory]
    [InlineData(32u, 32u)]
    [InlineData(64u, 32u)]
    [InlineData(128u, 128u)]
    public void ACursorResourceThatIsNot64x64HidesTheCursor(uint width, uint height)
    {
        using var h = new GpuHarness();
        CreateCursorResource(h, 5);
        h.SendCursor(UpdateCursor(0, 10, 10, 5, 0, 0));
        h.WaitForDisplay(() => h.Peer.Cursor.ImageUpdates == 1, "the first cursor");
        h.CreateBacked(6, Argb, width, height);

        h.SendCursor(UpdateCursor(0, 40, 40, 6, 0, 0));

        h.WaitForDisplay(() => h.Peer.Cursor is { X: 40, Visible: false }, "the hidden cursor");
        Assert.Equal(1, h.Peer.Cursor.ImageUpdates);
        AssertCursorImage(h.Peer.Cursor.Bgra);
    }

    [Fact]
    public void ShortOrMisdirectedCursorRequestsAreReturnedUnanswered()
    {
        using var h = new GpuHarness();
        CreateCursorResource(h, 5);

        h.SendCursor(UpdateCursor(0, 10, 10, 5, 0, 0)[..55]);
        h.SendCursor(UpdateCursor(16, 10, 10, 5, 0, 0));
        h.SendCursor(MoveCursor(0xFFFF_FFFF, 10, 10, 5));
        h.SendCursor(Create2D(9, 2, 64, 64));
        h.SendCursor(MoveCursor(0, 11, 12, 5));

        h.WaitForDisplay(() => h.Peer.MessagesOf(VhostUserGpuMessage.CursorPos).Count == 1, "the one valid move");
        Assert.Equal(0, h.Peer.Cursor.ImageUpdates);
        Assert.Equal(1, h.Device.ResourceCount);
    }
}
