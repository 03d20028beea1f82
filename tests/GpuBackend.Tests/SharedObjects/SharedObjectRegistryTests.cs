using VhostGpu.Interop;
using VhostGpu.Rendering.Imaging;
using VhostGpu.SharedObjects;

namespace VhostGpu.Tests.SharedObjects;

public sealed class SharedObjectRegistryTests
{
    private static readonly SharedObjectLayout Layout = new(16, 16, 64, PixelFormat.Bgrx);

    [Fact]
    public void UuidsAreRandomVersion4AndDistinct()
    {
        var registry = new SharedObjectRegistry();
        var seen = new HashSet<Guid>();
        Span<byte> wire = stackalloc byte[16];
        for (int i = 0; i < 200; i++)
        {
            Guid uuid = registry.TryAdd(FileDescriptor.CreateMemory("o", 4096), Layout)!.Value;
            Assert.True(uuid.TryWriteBytes(wire, bigEndian: true, out _));
            Assert.Equal(4, wire[6] >> 4);
            Assert.Equal(0b10, wire[8] >> 6);
            Assert.True(seen.Add(uuid));
            Assert.True(registry.Remove(uuid));
        }
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void OpenGivesANewDescriptorForTheSameFile()
    {
        var registry = new SharedObjectRegistry();
        var original = FileDescriptor.CreateMemory("o", 4096);
        using (var mapping = MemoryMapping.TryMap(original, 4096, out _)!)
        {
            "obj"u8.CopyTo(mapping.GetSpan(0, 3));
        }
        Guid uuid = registry.TryAdd(original, Layout)!.Value;

        using var opened = registry.TryOpen(uuid, out var layout, out int errno);

        Assert.NotNull(opened);
        Assert.Equal(0, errno);
        Assert.NotEqual(original.Value, opened.Value);
        using var view = MemoryMapping.TryMap(opened, 4096, out _)!;
        Assert.Equal("obj"u8.ToArray(), view.GetSpan(0, 3).ToArray());
        Assert.Equal(Layout, layout);
        registry.Remove(uuid);
    }

    [Fact]
    public void RemovedObjectIsGoneButStaysValidForItsHolder()
    {
        var registry = new SharedObjectRegistry();
        var original = FileDescriptor.CreateMemory("o", 4096);
        Guid uuid = registry.TryAdd(original, Layout)!.Value;
        using var held = registry.TryOpen(uuid, out _, out _)!;

        Assert.True(registry.Remove(uuid));

        Assert.True(original.IsClosed);
        Assert.Null(registry.TryOpen(uuid, out _, out int errno));
        Assert.Equal(0, errno);
        Assert.False(registry.Remove(uuid));
        using var view = MemoryMapping.TryMap(held, 4096, out _);
        Assert.NotNull(view);
    }

    [Fact]
    public void UnknownUuidIsNotFound()
    {
        var registry = new SharedObjectRegistry();

        Assert.Null(registry.TryOpen(Guid.NewGuid(), out _, out _));
        Assert.False(registry.Remove(Guid.Empty));
    }

    [Fact]
    public void FullRegistryRefusesAndLeavesTheDescriptorWithTheCaller()
    {
        var registry = new SharedObjectRegistry(capacity: 2);
        Guid a = registry.TryAdd(FileDescriptor.CreateMemory("a", 4096), Layout)!.Value;
        Guid b = registry.TryAdd(FileDescriptor.CreateMemory("b", 4096), Layout)!.Value;
        using var third = FileDescriptor.CreateMemory("c", 4096);

        Assert.Null(registry.TryAdd(third, Layout));
        Assert.False(third.IsClosed);

        registry.Remove(a);
        registry.Remove(b);
    }
}
