using Akka.Actor;
using Akka.Cluster.Sharding;
using Beads.Host;
using Beads.Protocol;
using Beads.Tests.Support;
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
        await first.AwaitUpMembers(2, Timeout);

        var viaFirst = await first.Region();
        var viaSecond = await second.Region();
        await viaFirst.Ask<RigInfo>(new InitRig("shared", "tester", "sh", "/tmp/shared"), Timeout);
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? viaFirst : viaSecond).Ask<IssueResult>(new CreateIssue("shared", $"agent-{i}", $"issue {i}"), Timeout)));
        var ids = created.Select(c => c.Issue.Id).ToHashSet();
        Assert.Equal(20, ids.Count);
        Assert.Equal(ids, await AllIds(viaSecond));

        var (leaving, staying) = await Hosts("shared", first) ? (first, second) : (second, first);
        await leaving.StopAsync();

        var survivor = await staying.Region();
        Assert.Equal(ids, await AllIds(survivor));
        Assert.IsType<IssueResult>(await survivor.Ask<IRigReply>(new CreateIssue("shared", "tester", "after the hand-off"), Timeout));
    }

    private Task<IHost> StartNode(string name, int port, int seedPort) =>
        InProcessHost.Start(new BeadsHostOptions(_data.Directory, InProcessHost.ClusterHocon(name, port, seedPort)));

    /// <summary>Whether <paramref name="host"/> runs the rig right now.</summary>
    private static async Task<bool> Hosts(string rig, IHost host)
    {
        var state = await (await host.Region()).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Timeout);
        return state.Shards.Any(shard => shard.EntityIds.Contains(rig));
    }

    private static async Task<HashSet<string>> AllIds(IActorRef region)
    {
        var listed = await region.Ask<IssueSummaries>(new ListIssues("shared", IssueFilter.Any) { Limit = 0 }, Timeout);
        return listed.Issues.Select(s => s.Issue.Id).ToHashSet();
    }


    public void Dispose() => _data.Dispose();
}
