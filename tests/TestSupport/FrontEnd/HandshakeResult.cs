namespace VhostGpu.TestSupport.FrontEnd;

/// <summary>What a handshake settled: the back-end's offers and what the front-end acknowledged.</summary>
public sealed record HandshakeResult(ulong OfferedFeatures, ulong AckedFeatures, ulong OfferedProtocolFeatures, ulong AckedProtocolFeatures, ulong QueueCount);
