using System.Runtime.InteropServices;

namespace VhostGpu.Rendering.Imaging;

/// <summary>Zeroed pixels on the native heap: where every image starts.</summary>
internal sealed unsafe class HeapPixelStorage : PixelStorage
{
    private void* _memory;

    private HeapPixelStorage(void* memory, long length)
    {
        _memory = memory;
        Length = length;
    }

    public override nint Address => (nint)_memory;

    public override long Length { get; }

    /// <summary>Null when the allocation fails.</summary>
    public static HeapPixelStorage? TryAllocate(long length)
    {
        try
        {
            return new HeapPixelStorage(NativeMemory.AllocZeroed((nuint)length), length);
        }
        catch (OutOfMemoryException)
        {
            return null;
        }
    }

    public override void Dispose()
    {
        NativeMemory.Free(_memory);
        _memory = null;
    }
}
