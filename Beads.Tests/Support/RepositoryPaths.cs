namespace Beads.Tests.Support;

/// <summary>Paths in the repository the tests run from, found by walking up to the folder that holds Beads.sln.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Where scripts/test.sh publishes the AOT <c>bd</c> and the host.</summary>
    public static string PublishedBinaries => Path.Combine(Root, "artifacts", "bin");

    public static string Bd => Path.Combine(PublishedBinaries, "bd");

    public static string Host => Path.Combine(PublishedBinaries, "Beads.Host");

    /// <summary>The shared fixtures, beside the repository (never inside it).</summary>
    public static string Fixtures => Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Beads.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no Beads.sln above {AppContext.BaseDirectory}: run the tests from the repository");
    }
}
