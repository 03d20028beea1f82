namespace VhostGpu.EndToEnd;

/// <summary>Where the tests find the repository's scripts, the built daemon and their own output.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string GuestBuilder => Path.Combine(Root, "tests", "EndToEnd", "guest", "build-guest");

    /// <summary>Logs, screendumps and difference images of the end-to-end runs.</summary>
    public static string ArtifactsDirectory => Path.Combine(Root, "artifacts", "e2e");

    /// <summary>
    /// The daemon built from GpuBackend in the configuration the tests were built in, or the file
    /// named by VHOST_GPU_DAEMON.
    /// </summary>
    public static string VhostGpuDaemon
    {
        get
        {
            string? overridePath = Environment.GetEnvironmentVariable("VHOST_GPU_DAEMON");
            if (!string.IsNullOrEmpty(overridePath))
            {
                return overridePath;
            }

            // The test assembly lives in tests/EndToEnd.Tests/bin/<configuration>/<framework>/.
            DirectoryInfo frameworkDirectory = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string framework = frameworkDirectory.Name;
            string configuration = frameworkDirectory.Parent!.Name;
            return Path.Combine(Root, "GpuBackend", "bin", configuration, framework, "vhost-user-gpu");
        }
    }

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
