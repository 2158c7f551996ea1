using Xunit;

namespace Beads.Tests.Support;

/// <summary>
/// The MySQL-protocol server that scripts/test.sh starts for this run and names in <see cref="Variable"/>. Tests use
/// no other server: without the variable (a plain <c>dotnet test</c>), the tests that need one are skipped.
/// </summary>
public static class TestServer
{
    public const string Variable = "BEADS_TEST_MYSQL";

    /// <summary>The server's connection string, or a skip of the current test (SkippableFact) when there is none.</summary>
    public static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            Skip.If(string.IsNullOrWhiteSpace(value), $"{Variable} is not set: scripts/test.sh starts a private MariaDB for these tests");
            return value!;
        }
    }
}
