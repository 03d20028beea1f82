namespace VhostGpu.EndToEnd.Guest;

/// <summary>The guest refused a command, reported a failure or went away.</summary>
public sealed class GuestException(string message) : Exception(message);
