using Akka.Actor;
using Beads.Actors.Cluster;
using Beads.Protocol;
using Beads.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Beads.Tests.Cluster;

/// <summary>
/// Two Beads hosts in one process form a cluster over loopback and share one store: any node answers for any rig,
/// however large the answer, and a node that leaves hands its rigs to the other without losing an acknowledged write.
/// </summary>
public sealed class TwoNodeClusterSpec : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _data = TempDatabase.Create();

    [Fact]
    public async Task Any_node_answers_for_a_rig_and_a_leaving_node_hands_its_rigs_over()
    {
        using var cluster = await TwoNodes.Start(_data.Directory);
        var (first, second) = (cluster.First, cluster.Second);

        var viaFirst = await first.Region();
        var viaSecond = await second.Region();
        await viaFirst.Ask<RigInfo>(new InitRig("shared", "tester", "sh", "/tmp/shared"), Timeout);
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? viaFirst : viaSecond).Ask<IssueResult>(new CreateIssue("shared", $"agent-{i}", $"issue {i}"), Timeout)));
        var ids = created.Select(c => c.Issue.Id).ToHashSet();
        Assert.Equal(20, ids.Count);
        Assert.Equal(ids, await AllIds(viaSecond));

        var (leaving, staying) = await cluster.Placing("shared");
        await leaving.StopAsync();

        var survivor = await staying.Region();
        Assert.Equal(ids, await AllIds(survivor));
        Assert.IsType<IssueResult>(await survivor.Ask<IRigReply>(new CreateIssue("shared", "tester", "after the hand-off"), Timeout));
    }

    [Fact]
    public async Task Each_node_learns_from_the_regions_themselves_which_node_hosts_every_rig()
    {
        using var cluster = await TwoNodes.Start(_data.Directory);
        var (first, second) = (cluster.First, cluster.Second);
        string[] rigs = ["a", "b", "c"];
        foreach (var rig in rigs)
            await (await first.Region()).Ask<RigInfo>(new InitRig(rig, "tester", rig, $"/tmp/{rig}"), Timeout);

        foreach (var node in new[] { first, second })
        {
            var locations = node.Services.GetRequiredService<RigLocations>();
            await Poll.Until(() => rigs.All(rig => locations.RegionOf(rig) is not null), Timeout, "every rig located");
            Assert.Equal(rigs, locations.ByMember.Values.SelectMany(hosted => hosted.Running).Order());
        }
        var picture = (IHost node) => node.Services.GetRequiredService<RigLocations>().ByMember
            .ToDictionary(member => member.Key, member => string.Join(",", member.Value.Running));
        Assert.Equal(picture(first), picture(second));
    }

    [Fact]
    public async Task A_list_of_thousands_of_issues_is_answered_through_the_node_that_does_not_run_the_rig()
    {
        using var cluster = await TwoNodes.Start(_data.Directory);
        var (running, other) = await RigOnOneOf("big", 3000, cluster);

        // About 4 MB: thirty times remoting's default frame, which used to drop it and leave the asker waiting.
        var listed = await (await other.Region()).Ask<IRigReply>(new ListIssues("big", IssueFilter.Any) { Limit = 0 }, Timeout);

        Assert.Equal(3001, Assert.IsType<IssueSummaries>(listed).Issues.Count);
        Assert.Equal(3001, (await (await running.Region()).Ask<IssueSummaries>(new ListIssues("big", IssueFilter.Any) { Limit = 0 }, Timeout)).Issues.Count);
    }

    [Fact]
    public async Task An_answer_too_large_for_one_node_to_send_another_is_refused_at_once_instead_of_lost()
    {
        const string smallFrames = "akka.remote.dot-netty.tcp.maximum-frame-size = 256000b";
        using var cluster = await TwoNodes.Start(_data.Directory, smallFrames);
        var (running, other) = await RigOnOneOf("big", 600, cluster);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var refused = await (await other.Region()).Ask<IRigReply>(new ListIssues("big", IssueFilter.Any) { Limit = 0 }, Timeout);

        Assert.Equal(ErrorCodes.ReplyTooLarge, Assert.IsType<Rejected>(refused).Code);
        Assert.Contains("maximum-frame-size", ((Rejected)refused).Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the refusal took {watch.Elapsed.TotalSeconds:0.0} s");
        // What fits still crosses, and the node that runs the rig answers in full.
        Assert.Equal(10, Assert.IsType<IssueSummaries>(await (await other.Region()).Ask<IRigReply>(new ListIssues("big", IssueFilter.Any) { Limit = 10 }, Timeout)).Issues.Count);
        Assert.Equal(601, (await (await running.Region()).Ask<IssueSummaries>(new ListIssues("big", IssueFilter.Any) { Limit = 0 }, Timeout)).Issues.Count);
    }

    [Fact]
    public async Task A_feed_follower_on_either_node_sees_every_change_in_order_and_goes_on_when_the_rigs_node_leaves()
    {
        using var cluster = await TwoNodes.Start(_data.Directory);
        var (first, second) = (cluster.First, cluster.Second);
        await (await first.Region()).Ask<RigInfo>(new InitRig("fed", "tester", "fd", "/tmp/fed"), Timeout);
        var (running, other) = await cluster.Placing("fed");
        using var near = await FollowedFeed.Start(running, "fed");
        using var far = await FollowedFeed.Start(other, "fed");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? first : second).Region().ContinueWith(region =>
                region.Result.Ask<IssueResult>(new CreateIssue("fed", $"agent-{i}", $"before {i}"), Timeout)).Unwrap()));
        await running.StopAsync();
        var survivor = await other.Region();
        for (var i = 0; i < 5; i++) await survivor.Ask<IssueResult>(new CreateIssue("fed", "tester", $"after {i}"), Timeout);

        using var whole = await FollowedFeed.Start(other, "fed");
        var expected = (await whole.UntilCaughtUp()).Select(seen => seen.Entry).ToList();
        Assert.Equal(25, expected.Count(e => e.Kind == "created"));
        Assert.Equal(expected.Select(e => e.Seq), (await far.Until(expected[^1].Seq)).Select(seen => seen.Entry.Seq));
        // The follower on the node that left saw every change made before it went, in order.
        var seenNear = near.Seen.Select(seen => seen.Entry).ToList();
        Assert.Equal(expected.Select(e => e.Seq).Take(seenNear.Count), seenNear.Select(e => e.Seq));
        Assert.Equal(20, seenNear.Count(e => e.Kind == "created"));
    }

    /// <summary>Makes a rig of <paramref name="issues"/> issues (and its init's) with ~1 KB descriptions; the node running it, and the other.</summary>
    private static async Task<(IHost Running, IHost Other)> RigOnOneOf(string rig, int issues, TwoNodes cluster)
    {
        var region = await cluster.First.Region();
        await region.Ask<RigInfo>(new InitRig(rig, "tester", rig, $"/tmp/{rig}"), Timeout);
        await region.Ask<IssueResult>(new CreateIssue(rig, "tester", "the first"), Timeout);
        var description = string.Concat(Enumerable.Repeat("Steps to reproduce, expected and actual behaviour. ", 20));
        foreach (var batch in Enumerable.Range(0, issues).Chunk(200))
            await Task.WhenAll(batch.Select(i => region.Ask<IssueResult>(new CreateIssue(rig, "tester", $"issue {i}") { Description = description }, Timeout)));
        return await cluster.Placing(rig);
    }

    private static async Task<HashSet<string>> AllIds(IActorRef region)
    {
        var listed = await region.Ask<IssueSummaries>(new ListIssues("shared", IssueFilter.Any) { Limit = 0 }, Timeout);
        return listed.Issues.Select(s => s.Issue.Id).ToHashSet();
    }


    public void Dispose() => _data.Dispose();
}
