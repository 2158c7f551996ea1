using System.Text.Json;
using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class SnapshotTests
{
    /// <summary>A rig that exercises every part of the state: config, children, all edge kinds, comments, extras.</summary>
    private static RigBuilder Busy()
    {
        var rig = Initialized();
        rig.Do(new SetRigConfig(RigBuilder.Rig, Alice, "status.custom", "review"));
        rig.Do(new SetRigConfig(RigBuilder.Rig, Alice, "types.custom", "incident"));
        var epic = rig.CreateEpic("epic");
        var one = rig.CreateChild(epic.Id, "one");
        var two = rig.CreateChild(epic.Id, "two");
        rig.CreateChild(one.Id, "one.one");
        var blocker = rig.Create("blocker", c => c with { Labels = ["api"], Metadata = """{"k":[1,2]}""" });
        var waiter = rig.Create("waiter", c => c with { IssueType = "incident", Status = "review" });
        rig.Link(waiter.Id, blocker.Id);
        rig.Link(two.Id, blocker.Id, "related");
        rig.ApplyEdge(waiter.Id, epic.Id, "waits-for", """{"gate":"any-children"}""");
        rig.Do(new AddComment(RigBuilder.Rig, Bob, waiter.Id, "first"));
        rig.Do(new AddComment(RigBuilder.Rig, Bob, blocker.Id, "second"));
        rig.Do(new ClaimIssue(RigBuilder.Rig, Bob, blocker.Id));
        rig.Close(two.Id, reason: "done");
        rig.Import("bd-imp", "imported", """{"ephemeral":true,"wisp_type":"heartbeat"}""");
        rig.Create("removed link", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        rig.Do(new RemoveDependency(RigBuilder.Rig, Alice, rig.State.Issues.Values.Single(i => i.Title == "removed link").Id, blocker.Id));
        return rig;
    }

    private static void AssertSameState(RigState expected, RigState actual)
    {
        Assert.Equal((expected.Name, expected.Prefix, expected.HomeDirectory), (actual.Name, actual.Prefix, actual.HomeDirectory));
        Assert.Equal(expected.Config.OrderBy(kv => kv.Key), actual.Config.OrderBy(kv => kv.Key));
        Assert.Equal(expected.Issues.Keys.Order(StringComparer.Ordinal), actual.Issues.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, issue) in expected.Issues)
        {
            // Compared as JSON: the issue's lists and JSON values have no value equality of their own.
            Assert.Equal(Json(issue), Json(actual.Issues[id]));
        }
        Assert.Equal(
            expected.Dependents.OrderBy(kv => kv.Key).Select(kv => (kv.Key, string.Join(",", kv.Value.Order(StringComparer.Ordinal)))),
            actual.Dependents.OrderBy(kv => kv.Key).Select(kv => (kv.Key, string.Join(",", kv.Value.Order(StringComparer.Ordinal)))));
        Assert.Equal(expected.LastChildNumber.OrderBy(kv => kv.Key), actual.LastChildNumber.OrderBy(kv => kv.Key));
        Assert.Equal(expected.TopLevelIssueCount, actual.TopLevelIssueCount);
        Assert.Equal(expected.LastCommentNumber, actual.LastCommentNumber);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Fact]
    public void A_snapshot_restores_the_same_state()
    {
        var rig = Busy();
        var restored = RigState.Restore(rig.State.ToSnapshot());
        AssertSameState(rig.State, restored);
        Assert.Equal(5, restored.TopLevelIssueCount); // epic, blocker, waiter, imported, removed link
        Assert.Equal(2, restored.LastCommentNumber);
        Assert.NotEmpty(restored.Dependents);
    }

    [Fact]
    public void A_snapshot_keeps_the_facts_in_id_order()
    {
        var rig = Busy();
        var snapshot = rig.State.ToSnapshot();
        Assert.Equal(rig.State.Issues.Keys.Order(StringComparer.Ordinal), snapshot.Issues.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal((RigBuilder.Rig, "bd", "/home/alice/demo"), (snapshot.Name, snapshot.Prefix, snapshot.HomeDirectory));
        Assert.Equal("review", snapshot.Config["status.custom"]);
        Assert.Equal(2, snapshot.LastCommentNumber);
    }

    [Fact]
    public void A_restored_state_answers_queries_the_same_way()
    {
        var rig = Busy();
        var restored = RigState.Restore(rig.State.ToSnapshot());
        var ready = new GetReadyWork(RigBuilder.Rig, IssueFilter.Any) { IncludeOrchestration = true };

        Assert.Equal(IssueQueries.Ready(rig.State, ready, rig.Now).Value, IssueQueries.Ready(restored, ready, rig.Now).Value);
        Assert.Equal(
            IssueQueries.Blocked(rig.State, IssueFilter.Any, rig.Now).Select(b => (b.Issue.Id, string.Join(",", b.BlockedBy))),
            IssueQueries.Blocked(restored, IssueFilter.Any, rig.Now).Select(b => (b.Issue.Id, string.Join(",", b.BlockedBy))));
    }

    [Fact]
    public void A_restored_state_decides_the_same_way()
    {
        var rig = Busy();
        var restored = RigState.Restore(rig.State.ToSnapshot());
        var epic = rig.State.Issues.Values.Single(i => i.Title == "epic");
        IRigCommand[] commands =
        [
            new CreateIssue(RigBuilder.Rig, Alice, "fresh"),
            new CreateIssue(RigBuilder.Rig, Alice, "another child") { Parent = epic.Id },
            new AddComment(RigBuilder.Rig, Alice, epic.Id, "third"),
            new CloseIssue(RigBuilder.Rig, Alice, epic.Id),
        ];
        foreach (var command in commands)
        {
            var live = RigDecider.Decide(rig.State, command, rig.Now);
            var again = RigDecider.Decide(restored, command, rig.Now);
            Assert.Equal(live.IsOk, again.IsOk);
            if (live.IsOk)
                Assert.Equal(Json(live.Value.Events.Select(e => (object)e)), Json(again.Value.Events.Select(e => (object)e)));
            else
                Assert.Equal(live.Error, again.Error);
        }
        var child = RigDecider.Decide(restored, commands[1], rig.Now).Value.Events.OfType<IssueCreated>().Single();
        Assert.Equal($"{epic.Id}.3", child.Issue.Id);
    }

    [Fact]
    public void An_empty_rig_round_trips()
    {
        var rig = Initialized();
        AssertSameState(rig.State, RigState.Restore(rig.State.ToSnapshot()));
    }

    [Fact]
    public void Replaying_the_history_rebuilds_the_state()
    {
        var rig = Busy();
        var replayed = rig.History.Aggregate(RigState.Empty, (state, e) => state.Apply(e));
        AssertSameState(rig.State, replayed);
    }
}
