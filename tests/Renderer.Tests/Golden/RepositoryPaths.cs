namespace VhostGpu.Tests.Golden;

public static class RepositoryPaths
{
    /// <summary>The checkout's root: the first directory above the test binaries that holds VhostGpu.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string GoldenDirectory => Path.Combine(Root, "assets", "golden");

    /// <summary>Where a failing comparison leaves its actual and diff images.</summary>
    public static string FailureDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "golden-failures");

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VhostGpu.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no VhostGpu.sln above {AppContext.BaseDirectory}");
    }
}
