using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Beads.Actors.Rigs;
using Beads.Host;
using Beads.Protocol;
using Beads.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Beads.Tests.Cluster;

/// <summary>
/// Two Beads hosts in one process form a cluster over loopback and share one store: any node answers for any rig,
/// and a node that leaves hands its rigs to the other without losing an acknowledged write.
/// </summary>
public sealed class TwoNodeClusterSpec : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _data = TempDatabase.Create();

    [Fact]
    public async Task Any_node_answers_for_a_rig_and_a_leaving_node_hands_its_rigs_over()
    {
        var seedPort = FreePorts.Next();
        using var first = await StartNode("first", seedPort, seedPort);
        using var second = await StartNode("second", FreePorts.Next(), seedPort);
        await AwaitMembers(first, 2);

        var viaFirst = await Region(first);
        var viaSecond = await Region(second);
        await viaFirst.Ask<RigInfo>(new InitRig("shared", "tester", "sh", "/tmp/shared"), Timeout);
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? viaFirst : viaSecond).Ask<IssueResult>(new CreateIssue("shared", $"agent-{i}", $"issue {i}"), Timeout)));
        var ids = created.Select(c => c.Issue.Id).ToHashSet();
        Assert.Equal(20, ids.Count);
        Assert.Equal(ids, await AllIds(viaSecond));

        var (leaving, staying) = await Hosts("shared", first, second) ? (first, second) : (second, first);
        await leaving.StopAsync();

        var survivor = await Region(staying);
        Assert.Equal(ids, await AllIds(survivor));
        Assert.IsType<IssueResult>(await survivor.Ask<IRigReply>(new CreateIssue("shared", "tester", "after the hand-off"), Timeout));
    }

    private async Task<IHost> StartNode(string name, int port, int seedPort)
    {
        var cluster = new ClusterOptions("127.0.0.1", port, [$"akka.tcp://{ClusterOptions.SystemName}@127.0.0.1:{seedPort}"], [], name);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddBeads(new BeadsHostOptions(_data.Directory, cluster.ToHocon()));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task AwaitMembers(IHost host, int count)
    {
        var cluster = Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>());
        var deadline = DateTime.UtcNow + Timeout;
        while (cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} members did not come up");
            await Task.Delay(100);
        }
    }

    private static Task<IActorRef> Region(IHost host) => host.Services.GetRequiredService<ActorRegistry>().GetAsync<RigRegion>();

    /// <summary>Whether <paramref name="host"/> (rather than <paramref name="other"/>) runs the rig right now.</summary>
    private static async Task<bool> Hosts(string rig, IHost host, IHost other)
    {
        var state = await (await Region(host)).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Timeout);
        return state.Shards.Any(shard => shard.EntityIds.Contains(rig));
    }

    private static async Task<HashSet<string>> AllIds(IActorRef region)
    {
        var listed = await region.Ask<IssueSummaries>(new ListIssues("shared", IssueFilter.Any) { Limit = 0 }, Timeout);
        return listed.Issues.Select(s => s.Issue.Id).ToHashSet();
    }


    public void Dispose() => _data.Dispose();
}
