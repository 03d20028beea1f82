namespace VhostGpu.Bench.Session;

/// <summary>The back-end did not do what a step asked (timeout, error response, wrong pixels): that measurement is void.</summary>
public sealed class BenchFailure(string message) : Exception(message);
