namespace VhostGpu.TestSupport;

/// <summary>A directory under the system temp folder that one test owns; deleted with its contents on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    private TemporaryDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>Creates a fresh, empty directory now.</summary>
    public static TemporaryDirectory Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    /// <summary>Names a fresh path without creating it, for code under test that must create its own directory.</summary>
    public static TemporaryDirectory Reserve(string prefix) =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}{Guid.NewGuid():N}"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
