using System.Collections.Immutable;
using System.Threading.Channels;
using Akka.Actor;
using Beads.Actors.Feed;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>
/// The change feed: a follower gets every change in journal order, each with the issue as that change left it, from
/// the rig's memory or its journal, and goes on across a restart of the rig without a hole or a repeat.
/// </summary>
public sealed class RigFeedSpec(ITestOutputHelper output) : RigTestKit(output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    /// <summary>Stands in for the shard region: sends each feed message to the rig's current incarnation.</summary>
    private sealed class RigRoutes : ReceiveActor
    {
        public RigRoutes(Dictionary<string, IActorRef> rigs) =>
            ReceiveAny(message => rigs[((IRigMessage)message).Rig].Forward(message));
    }

    private readonly Dictionary<string, IActorRef> _rigs = [];

    private IActorRef Routes() => Sys.ActorOf(Props.Create(() => new RigRoutes(_rigs)));

    private async Task<IActorRef> NewRig(string name, int feedWindow = 1000)
    {
        var rig = StartRig(name, RigSettings.From(SystemConfig) with { FeedWindow = feedWindow });
        _rigs[name] = rig;
        await Init(rig, name);
        return rig;
    }

    private ChannelReader<FeedItem> Follow(string rig, long since, bool follow = true)
    {
        var output = Channel.CreateUnbounded<FeedItem>();
        Sys.ActorOf(FeedFollower.Props(Routes(), ActorRefs.Nobody, rig, FeedCursor.Start with { Default = since }, follow,
            output.Writer, TimeSpan.FromSeconds(5)));
        return output.Reader;
    }

    private static async Task<List<FeedEntry>> Changes(ChannelReader<FeedItem> feed, int count)
    {
        var entries = new List<FeedEntry>();
        using var timeout = new CancellationTokenSource(Long);
        while (entries.Count < count)
        {
            var item = await feed.ReadAsync(timeout.Token);
            if (item is FeedFailed failed) throw new Xunit.Sdk.XunitException($"the feed failed: {failed.Reason}");
            if (item is FeedChange change) entries.Add(change.Entry);
        }
        return entries;
    }

    private static async Task<List<FeedItem>> ToEnd(ChannelReader<FeedItem> feed)
    {
        using var timeout = new CancellationTokenSource(Long);
        var items = new List<FeedItem>();
        await foreach (var item in feed.ReadAllAsync(timeout.Token)) items.Add(item);
        return items;
    }

    private static Task<IssueResult> Retitle(IActorRef rig, string name, string id, string title) =>
        Ask<IssueResult>(rig, new UpdateIssue(name, Agent, id) { Fields = ImmutableDictionary<string, string>.Empty.Add("title", title) });

    [Fact]
    public async Task A_follower_gets_what_came_before_then_each_new_change_in_order_with_the_issue_after_it()
    {
        var rig = await NewRig("live");
        var issue = await Create(rig, "live", "first");
        var feed = Follow("live", since: 0);

        // The rig's own changes (its init, the sync settings it recorded) are in the feed too, with no issue.
        var before = await Changes(feed, 3);
        Assert.Equal(["rig_initialized", "sync_recorded", "created"], before.Select(e => e.Kind));
        Assert.Equal("first", before[2].Issue!.Title);
        Assert.All(before.Take(2), rigChange => Assert.Null(rigChange.IssueId));

        await Retitle(rig, "live", issue.Id, "second");
        await Ask<IssueResult>(rig, new CloseIssue("live", "agent-7", issue.Id) { Reason = "done" });
        var after = await Changes(feed, 2);
        Assert.Equal(["updated", "closed"], after.Select(e => e.Kind));
        Assert.Equal(("second", "open"), (after[0].Issue!.Title, after[0].Issue!.Status));
        Assert.Equal(("closed", "agent-7", "done"), (after[1].Issue!.Status, after[1].Actor, after[1].Comment));
        var seqs = before.Concat(after).Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
    }

    [Fact]
    public async Task Changes_older_than_the_rigs_window_come_from_the_journal_each_with_the_issue_as_it_was_then()
    {
        var rig = await NewRig("old", feedWindow: 2);
        var issue = await Create(rig, "old", "v0");
        for (var n = 1; n <= 5; n++) await Retitle(rig, "old", issue.Id, $"v{n}");

        var items = await ToEnd(Follow("old", since: 0, follow: false));
        var changes = items.OfType<FeedChange>().Select(c => c.Entry).Where(e => e.IssueId is not null).ToList();
        Assert.Equal(["created", "updated", "updated", "updated", "updated", "updated"], changes.Select(e => e.Kind));
        Assert.Equal(["v0", "v1", "v2", "v3", "v4", "v5"], changes.Select(e => e.Issue!.Title));
        Assert.IsType<FeedCaughtUp>(items[^1]);
    }

    [Fact]
    public async Task A_follower_goes_on_across_a_restart_of_the_rig_without_a_hole_or_a_repeat()
    {
        var rig = await NewRig("moving");
        await Create(rig, "moving", "before");
        var feed = Follow("moving", since: 0);
        var seen = await Changes(feed, 3);

        await Stop(rig);
        var again = StartRig("moving");
        _rigs["moving"] = again;
        for (var n = 0; n < 5; n++) await Create(again, "moving", $"after {n}");

        seen.AddRange(await Changes(feed, 5));
        Assert.Equal(["before", "after 0", "after 1", "after 2", "after 3", "after 4"],
            seen.Where(e => e.IssueId is not null).Select(e => e.Issue!.Title));
        var seqs = seen.Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
    }

    [Fact]
    public async Task A_position_past_the_rigs_last_change_and_a_rig_that_does_not_exist_are_said_not_skipped()
    {
        await NewRig("short");
        var past = Assert.IsType<FeedFailed>(Assert.Single(await ToEnd(Follow("short", since: 99))));
        Assert.Equal(ErrorCodes.FeedGap, past.Reason.Code);

        _rigs["nowhere"] = StartRig("nowhere");
        var missing = Assert.IsType<FeedFailed>(Assert.Single(await ToEnd(Follow("nowhere", since: 0))));
        Assert.Equal(ErrorCodes.RigNotInitialized, missing.Reason.Code);
    }
}
