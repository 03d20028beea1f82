namespace VhostGpu.TestSupport.Guest;

/// <summary>One buffer the test driver puts into a chain: device-readable or device-writable.</summary>
public readonly record struct GuestBuffer(ulong Address, uint Length, bool IsWritable)
{
    public static GuestBuffer Readable(ulong address, uint length) => new(address, length, false);

    public static GuestBuffer Writable(ulong address, uint length) => new(address, length, true);
}
