using System.Runtime.InteropServices;
using static VhostGpu.Interop.LibcConstants;

namespace VhostGpu.Interop;

/// <summary>Names errno values for log lines and sorts them into what the caller should do.</summary>
public static class Errno
{
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    /// <summary>The peer has gone away: treat as end of stream, not as a fault.</summary>
    public static bool IsPeerGone(int errno) => errno is EPIPE or ECONNRESET;

    public static bool IsRetry(int errno) => errno is EINTR;

    public static bool IsWouldBlock(int errno) => errno is EAGAIN;
}
