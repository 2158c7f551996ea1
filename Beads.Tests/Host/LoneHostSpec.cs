using Akka.Actor;
using Akka.Cluster.Sharding;
using Beads.Actors.Rigs;
using Beads.Host;
using Beads.Protocol;
using Beads.Tests.Support;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Beads.Tests.Host;

/// <summary>
/// The real host wiring, on each store, both ways a lone host can run: standalone (as Beads.Host runs a lone host: no
/// cluster, the rigs children of LocalRigs) and as a one-node cluster that serves rigs through the shard region.
/// </summary>
/// <param name="server">The server store's database, or null for the embedded store in the data directory.</param>
/// <param name="standalone">Without a cluster, else a one-node cluster.</param>
public abstract class LoneHostSpec(TempServerDatabase? server, bool standalone) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _data = TempDatabase.Create();

    private TestStore Store => server ?? (TestStore)_data;

    [SkippableFact]
    public async Task A_lone_host_serves_rigs_and_keeps_them_across_restarts()
    {
        string id;
        using (var host = await StartHost())
        {
            var rigs = await host.Region();
            await rigs.Ask<RigInfo>(new InitRig("demo", "tester", "demo", "/tmp/demo"), Timeout);
            var created = await rigs.Ask<IssueResult>(new CreateIssue("demo", "tester", "first issue"), Timeout);
            id = created.Issue.Id;
            Assert.StartsWith("demo-", id);
            Assert.True(Store.Scalar("SELECT COUNT(*) FROM journal") >= 2, "the events are not in the store the host was given");
            // The running rig is remembered: by sharding in its own tables, by a standalone host under a persistence
            // id of its own; never among the rigs' events.
            if (standalone)
                await Poll.Until(() => Store.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'beads-local-rigs'") >= 1,
                    Timeout, "the running rig remembered");
            else
                Assert.True(Store.Scalar("SELECT COUNT(*) FROM sharding_journal") >= 1, "sharding wrote nothing to its own journal");
            Assert.Equal(0, Store.Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id NOT LIKE 'rig-%' AND persistence_id NOT LIKE 'beads-%'"));

            var other = await rigs.Ask<IRigReply>(new GetRigInfo("no-such-rig"), Timeout);
            Assert.Equal(ErrorCodes.RigNotInitialized, Assert.IsType<Rejected>(other).Code);
            await host.StopAsync();
        }

        using (var restarted = await StartHost())
        {
            var rigs = await restarted.Region();
            var shown = await rigs.Ask<IssueDetailsResult>(new ShowIssues("demo", [id]), Timeout);
            Assert.Equal("first issue", Assert.Single(shown.Issues).Issue.Title);
            await restarted.StopAsync();
        }
    }

    [SkippableFact]
    public async Task An_idle_rig_passivates_and_comes_back_with_its_issues_on_the_next_message()
    {
        using var host = await StartHost("akka.cluster.sharding.passivate-idle-entity-after = 1s");
        var rigs = await host.Region();
        await rigs.Ask<RigInfo>(new InitRig("sleepy", "tester", "zz", "/tmp/sleepy"), Timeout);
        var created = await rigs.Ask<IssueResult>(new CreateIssue("sleepy", "tester", "remember me"), Timeout);
        Assert.Equal(1, await LiveRigs(rigs));

        await Poll.TryUntil(async () => await LiveRigs(rigs) == 0, Timeout, TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, await LiveRigs(rigs));

        var shown = await rigs.Ask<IssueDetailsResult>(new ShowIssues("sleepy", [created.Issue.Id]), Timeout);
        Assert.Equal("remember me", Assert.Single(shown.Issues).Issue.Title);
        await host.StopAsync();
    }

    [SkippableFact]
    public async Task A_host_starts_the_rigs_whose_tables_lag_their_journal_and_their_tables_catch_up_unasked()
    {
        using (var host = await StartHost())
        {
            var rigs = await host.Region();
            await rigs.Ask<RigInfo>(new InitRig("lagging", "tester", "lag", "/tmp/lagging"), Timeout);
            for (var i = 0; i < 3; i++) await rigs.Ask<IssueResult>(new CreateIssue("lagging", "tester", $"issue {i}"), Timeout);
            await host.StopAsync();
        }
        // As after a crash before the writers got to it: the journal holds what the tables lack.
        foreach (var table in new[] { "issues", "events", "projection_offsets" })
            Store.Execute($"DELETE FROM {table} WHERE rig = 'lagging'");

        using var restarted = await StartHost();
        await Poll.TryUntil(() => Store.Scalar("SELECT COUNT(*) FROM issues WHERE rig = 'lagging'") >= 3, Timeout, TimeSpan.FromMilliseconds(200));
        Assert.Equal(3, Store.Scalar("SELECT COUNT(*) FROM issues WHERE rig = 'lagging'"));
        await restarted.StopAsync();
    }

    [SkippableFact]
    public async Task Rigs_running_when_the_host_stops_start_with_it_again_and_a_passivated_one_waits_for_its_next_message()
    {
        using (var host = await StartHost("akka.cluster.sharding.passivate-idle-entity-after = 2s"))
        {
            var rigs = await host.Region();
            await rigs.Ask<RigInfo>(new InitRig("dozes", "tester", "dz", "/tmp/dozes"), Timeout);
            await Poll.TryUntil(async () => await LiveRigs(rigs) == 0, Timeout, TimeSpan.FromMilliseconds(200));
            await rigs.Ask<RigInfo>(new InitRig("busy", "tester", "bz", "/tmp/busy"), Timeout);
            await host.StopAsync();
        }

        // Passivation is long now, so the rig that runs was started by the host, not woken and left to doze off again.
        using var restarted = await StartHost();
        var region = await restarted.Region();
        await Poll.TryUntil(async () => await Running(region) is ["busy"], Timeout, TimeSpan.FromMilliseconds(200));
        Assert.Equal(["busy"], await Running(region));
        await restarted.StopAsync();
    }

    private static async Task<IReadOnlyList<string>> Running(IActorRef region) =>
        [.. (await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Timeout)).Shards.SelectMany(shard => shard.EntityIds).Order()];

    private static async Task<int> LiveRigs(IActorRef region)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Timeout);
        return state.Shards.Sum(shard => shard.EntityIds.Count);
    }

    private Task<IHost> StartHost(string hoconOverrides = "") =>
        InProcessHost.Start(new BeadsHostOptions(_data.Directory, $"{hoconOverrides}\n{InProcessHost.LoneHocon(standalone)}", server?.ConnectionString));

    public void Dispose()
    {
        _data.Dispose();
        server?.Dispose();
    }

    public sealed class StandaloneOnEmbeddedStore() : LoneHostSpec(server: null, standalone: true);

    public sealed class StandaloneOnServerStore() : LoneHostSpec(TempServerDatabase.Create(), standalone: true);

    public sealed class ClusterOfOneOnEmbeddedStore() : LoneHostSpec(server: null, standalone: false);

    public sealed class ClusterOfOneOnServerStore() : LoneHostSpec(TempServerDatabase.Create(), standalone: false);
}
