namespace VhostGpu.Tests;

/// <summary>Tests that count the process's descriptors or threads: they run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCounts
{
    public const string Name = "process-wide counts";
}
