namespace VhostGpu.Interop;

/// <summary>A libc call failed in a way the caller treats as a host problem, not as peer input.</summary>
public sealed class NativeException(string call, int errno)
    : Exception($"{call} failed: {Interop.Errno.Describe(errno)}")
{
    public int Errno { get; } = errno;
}
