using Beads.Actors.Configuration;
using Beads.Cli;
using Beads.Cli.Connection;
using Beads.Host;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Host;

/// <summary>
/// The store's files under a running host: readable by its user alone, and watched, so that a store deleted under the
/// host stops its writes with a clear error instead of acknowledging changes that no restart would find.
/// </summary>
public sealed class StoreFileSpec : IAsyncLifetime
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly BdHostFixture _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [SkippableFact]
    public async Task Every_file_of_the_data_directory_is_its_users_alone()
    {
        var project = await RigWithAnIssue("pv");

        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(_host.DataDirectory));
        var store = Path.Combine(_host.DataDirectory, EmbeddedStore.FileName);
        foreach (var file in new[] { store, $"{store}-wal", $"{store}-shm", DataDirectory.LockFile(_host.DataDirectory), Path.Combine(_host.DataDirectory, "gateway.token") })
        {
            Assert.True(File.Exists(file), $"{file} is missing");
            Assert.True(File.GetUnixFileMode(file) == OwnerOnly, $"{file} is {File.GetUnixFileMode(file)}");
        }
        Assert.True(Directory.Exists(project));
    }

    [SkippableFact]
    public async Task A_store_deleted_under_the_host_stops_its_writes_and_says_so()
    {
        var project = await RigWithAnIssue("gone");
        var store = Path.Combine(_host.DataDirectory, EmbeddedStore.FileName);
        foreach (var file in Directory.GetFiles(_host.DataDirectory, $"{EmbeddedStore.FileName}*")) File.Delete(file);

        var create = await _host.Run(project, ["create", "after the store went", "--silent"]);

        Assert.True(create.ExitCode == ExitCodes.Unreachable, create.ToString());
        Assert.Contains($"the store {store} was deleted while this host ran", create.Stderr);
        Assert.Empty(create.Stdout);
        var again = await _host.Run(project, ["update", "gone-1", "--status", "in_progress"]);
        Assert.NotEqual(0, again.ExitCode);
        using var client = new HostClient(new HostEndpoint(_host.Socket, null, 0), null);
        Assert.Equal("store_lost", (await client.Get<HealthStatus>(GatewayRoutes.Health, CancellationToken.None)).Status);
    }

    private async Task<string> RigWithAnIssue(string prefix)
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        var project = _host.NewProject(prefix);
        foreach (var args in new[] { new[] { "init", "--prefix", prefix }, ["create", "before", "--silent"] })
        {
            var result = await _host.Run(project, args);
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        return project;
    }
}
