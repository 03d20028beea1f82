using System.Buffers.Binary;
using VhostGpu.Interop;

namespace VhostGpu.TestSupport.FrontEnd;

/// <summary>A message the back-end sent us (a reply, or a request on the back-end channel). Owns its fds.</summary>
public sealed class Reply(uint request, uint flags, byte[] payload, FileDescriptor[] fds) : IDisposable
{
    public uint Request { get; } = request;

    public uint Flags { get; } = flags;

    public byte[] Payload { get; } = payload;

    public FileDescriptor[] Fds { get; } = fds;

    /// <summary>The payload as a u64 (status, features, counts); throws unless it is exactly 8 bytes.</summary>
    public ulong U64 => Payload.Length == 8
        ? BinaryPrimitives.ReadUInt64LittleEndian(Payload)
        : throw new InvalidOperationException($"reply to {Request} has {Payload.Length} payload bytes, not a u64");

    public void Dispose()
    {
        foreach (var fd in Fds)
        {
            fd.Dispose();
        }
    }
}
