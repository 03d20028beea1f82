namespace VhostGpu.TestSupport.Guest;

/// <summary>An entry the device put in the used ring: the chain's head and the bytes it wrote.</summary>
public readonly record struct UsedElement(uint Id, uint Length);
