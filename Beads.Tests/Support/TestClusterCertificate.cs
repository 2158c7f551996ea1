using Beads.Host;

namespace Beads.Tests.Support;

/// <summary>
/// The one cluster certificate (<see cref="ClusterCertificate"/>) that every cluster node of this test run presents,
/// as an operator would copy one file to each node: made once per run in a private folder of its own.
/// </summary>
public static class TestClusterCertificate
{
    private static readonly Lazy<string> Made = new(() =>
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "beads-test-certificates", $"{Environment.ProcessId}-{Guid.NewGuid():N}"),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = Path.Combine(folder.FullName, "cluster.pfx");
        ClusterCertificate.Create(file).Dispose();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Delete(recursive: true);
        return file;
    });

    public static string File => Made.Value;
}
