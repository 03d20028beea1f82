namespace VhostGpu.TestSupport.Guest;

/// <summary>Ways a hostile or buggy driver can corrupt a split ring (what <see cref="DriverQueue.AddMalformed"/> builds).</summary>
public enum MalformedChain
{
    /// <summary>Two descriptors linking to each other.</summary>
    Loop,

    /// <summary>Every descriptor of the table in one chain, the last linking back to the first.</summary>
    LongerThanQueue,

    /// <summary>A loop inside an indirect table.</summary>
    IndirectLoop,

    /// <summary>An indirect table holding another indirect descriptor.</summary>
    NestedIndirect,

    /// <summary>An indirect descriptor with NEXT set.</summary>
    IndirectWithNext,

    /// <summary>An indirect table whose length is not a multiple of 16.</summary>
    IndirectLengthNotMultipleOf16,

    /// <summary>An indirect table of length 0.</summary>
    IndirectLengthZero,

    /// <summary>An indirect table of more than 16384 descriptors.</summary>
    IndirectTooLarge,

    /// <summary>An indirect table placed outside guest memory.</summary>
    IndirectTableOutsideGuestMemory,

    /// <summary>A descriptor in an indirect table linking beyond the table.</summary>
    IndirectNextOutOfRange,

    /// <summary>A descriptor linking beyond the queue size.</summary>
    NextOutOfRange,

    /// <summary>Two 4 GiB-1 buffers: more than 2^32 bytes in one chain (needs a guest RAM of at least 4 GiB).</summary>
    LengthOverflow,

    /// <summary>A buffer starting right after the end of guest RAM.</summary>
    AddressOutsideGuestMemory,

    /// <summary>A buffer whose end wraps past 2^64.</summary>
    AddressWrapsAround,

    /// <summary>A readable buffer following a writable one.</summary>
    ReadableAfterWritable,

    /// <summary>An avail ring entry naming a head index not below the queue size.</summary>
    HeadOutOfRange,

    /// <summary>The avail index moved by more than the queue size.</summary>
    AvailIndexJump,
}
