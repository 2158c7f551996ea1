namespace Beads.Tests.Support;

/// <summary>
/// Where the in-process hosts of a test run write their logs, a file each, so that the suite's console shows only
/// what failed and the benchmarks' figures: <c>BEADS_TEST_LOGS</c> (scripts/test.sh sets it and names it when a test
/// fails), else a folder of this run under the temp folder. Hosts started as processes write host.log beside their
/// data, and the tests that start them print its tail when they fail.
/// </summary>
public static class TestLogs
{
    public const string Variable = "BEADS_TEST_LOGS";

    private static int _files;

    public static string Folder { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(Path.GetTempPath(), "beads-test-logs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}")).FullName;

    /// <summary>A new log file in <see cref="Folder"/>, named after what writes it.</summary>
    public static string NewFile(string name) => Path.Combine(Folder, $"{name}-{Interlocked.Increment(ref _files):0000}.log");
}
