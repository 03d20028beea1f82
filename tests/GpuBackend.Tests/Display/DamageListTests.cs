using VhostGpu.Display.Qemu;
using VhostGpu.Rendering.Imaging;

namespace VhostGpu.Tests.Display;

public sealed class DamageListTests
{
    [Fact]
    public void Covered_rectangles_are_not_kept_twice()
    {
        var list = new DamageList();
        list.Add(new PixelRect(10, 10, 5, 5));
        list.Add(new PixelRect(0, 0, 100, 100));
        list.Add(new PixelRect(20, 20, 5, 5));
        list.Add(new PixelRect(0, 0, 0, 7));

        var taken = new PixelRect[DamageList.Capacity];
        Assert.Equal(1, list.TakeAll(taken));
        Assert.Equal(new PixelRect(0, 0, 100, 100), taken[0]);
        Assert.True(list.IsEmpty);
    }

    [Fact]
    public void A_full_list_collapses_into_the_union()
    {
        var list = new DamageList();
        for (int i = 0; i <= DamageList.Capacity; i++)
        {
            list.Add(new PixelRect(i * 10, i * 5, 4, 4));
        }
        var taken = new PixelRect[DamageList.Capacity];
        Assert.Equal(1, list.TakeAll(taken));
        Assert.Equal(new PixelRect(0, 0, DamageList.Capacity * 10 + 4, DamageList.Capacity * 5 + 4), taken[0]);
    }
}
