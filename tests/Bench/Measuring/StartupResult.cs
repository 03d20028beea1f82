namespace VhostGpu.Bench.Measuring;

/// <summary>One start of a back-end: milliseconds to a listening socket and idle resident memory.</summary>
public sealed record StartupResult(string Backend, int Round, double ListeningMs, double IdleRssMegabytes, string? Error);
