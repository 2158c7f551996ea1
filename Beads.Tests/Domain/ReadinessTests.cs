using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class ReadinessTests
{
    private static IEnumerable<string> ReadyIds(RigBuilder rig, bool includeOrchestration = false, IssueFilter? filter = null) =>
        IssueQueries.Ready(rig.State, new GetReadyWork(RigBuilder.Rig, filter ?? IssueFilter.Any)
            {
                IncludeOrchestration = includeOrchestration,
            }, rig.Now).Value.Select(i => i.Id);

    private static IReadOnlyList<string> BlockersOf(RigBuilder rig, string id) =>
        new Readiness(rig.State, rig.Now).BlockersOf(rig[id]);

    [Fact]
    public void An_open_issue_with_nothing_in_its_way_is_ready()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        Assert.Equal([a.Id], ReadyIds(rig));
        Assert.Empty(BlockersOf(rig, a.Id));
    }

    [Theory]
    [InlineData("in_progress")]
    [InlineData("blocked")]
    [InlineData("deferred")]
    [InlineData("hooked")]
    [InlineData("pinned")]
    [InlineData("closed")]
    public void Only_open_issues_are_ready(string status)
    {
        var rig = Initialized();
        var a = rig.Create("a", c => c with { Status = status });
        Assert.DoesNotContain(a.Id, ReadyIds(rig));
    }

    [Fact]
    public void A_custom_status_is_not_ready_work()
    {
        var rig = Initialized();
        rig.Do(new SetRigConfig(RigBuilder.Rig, Alice, "status.custom", "review:active"));
        rig.Create("a", c => c with { Status = "review" });
        Assert.Empty(ReadyIds(rig));
    }

    [Theory]
    [InlineData("blocks")]
    [InlineData("conditional-blocks")]
    public void An_open_blocker_blocks_until_it_closes(string type)
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var blocked = rig.Create("blocked");
        rig.Link(blocked.Id, blocker.Id, type);

        Assert.Equal([blocker.Id], ReadyIds(rig));
        Assert.Equal([blocker.Id], BlockersOf(rig, blocked.Id));

        rig.Close(blocker.Id);
        Assert.Equal([blocked.Id], ReadyIds(rig));
        Assert.Empty(BlockersOf(rig, blocked.Id));
    }

    [Theory]
    [InlineData("in_progress")]
    [InlineData("blocked")]
    [InlineData("deferred")]
    [InlineData("hooked")]
    public void A_blocker_that_is_not_closed_or_pinned_still_blocks(string status)
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker", c => c with { Status = status });
        var blocked = rig.Create("blocked", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        Assert.Equal([blocker.Id], BlockersOf(rig, blocked.Id));
        Assert.Empty(ReadyIds(rig));
    }

    [Fact]
    public void A_pinned_blocker_counts_as_resolved()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var blocked = rig.Create("blocked", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        rig.SetStatus(blocker.Id, "pinned");
        Assert.Equal([blocked.Id], ReadyIds(rig));
    }

    [Fact]
    public void A_reopened_blocker_blocks_again()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var blocked = rig.Create("blocked", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        rig.Close(blocker.Id);
        rig.Do(new ReopenIssue(RigBuilder.Rig, Alice, blocker.Id));
        Assert.Equal([blocker.Id], BlockersOf(rig, blocked.Id));
    }

    [Fact]
    public void Annotation_edges_never_block()
    {
        var rig = Initialized();
        var other = rig.Create("other");
        var a = rig.Create("a");
        foreach (var type in Vocabulary.DependencyTypes.Annotations)
        {
            var issue = rig.Create($"linked by {type}");
            rig.Link(issue.Id, other.Id, type);
        }
        Assert.Equal(Vocabulary.DependencyTypes.Annotations.Length + 2, ReadyIds(rig).Count());
        Assert.Contains(a.Id, ReadyIds(rig));
    }

    [Fact]
    public void A_missing_or_external_target_never_blocks()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        rig.ApplyEdge(a.Id, "external:gh-42", "blocks");
        rig.ApplyEdge(a.Id, "gt-abc", "conditional-blocks");
        Assert.Equal([a.Id], ReadyIds(rig));
    }

    [Fact]
    public void Waits_for_blocks_until_every_child_of_the_spawner_is_done()
    {
        var rig = Initialized();
        var spawner = rig.Create("spawner");
        var one = rig.CreateChild(spawner.Id, "one");
        var two = rig.CreateChild(spawner.Id, "two");
        var waiter = rig.Create("waiter");
        rig.Link(waiter.Id, spawner.Id, "waits-for");

        Assert.Equal([spawner.Id], BlockersOf(rig, waiter.Id));
        rig.Close(one.Id);
        Assert.Equal([spawner.Id], BlockersOf(rig, waiter.Id));
        Assert.DoesNotContain(waiter.Id, ReadyIds(rig));

        rig.Close(two.Id);
        Assert.Empty(BlockersOf(rig, waiter.Id));
        Assert.Contains(waiter.Id, ReadyIds(rig));
    }

    [Fact]
    public void An_explicit_all_children_gate_behaves_the_same()
    {
        var rig = Initialized();
        var spawner = rig.Create("spawner");
        var one = rig.CreateChild(spawner.Id, "one");
        rig.CreateChild(spawner.Id, "two");
        var waiter = rig.Create("waiter");
        rig.ApplyEdge(waiter.Id, spawner.Id, "waits-for", """{"gate":"all-children"}""");
        rig.Close(one.Id);
        Assert.Equal([spawner.Id], BlockersOf(rig, waiter.Id));
    }

    [Fact]
    public void An_any_children_gate_opens_once_one_child_is_done()
    {
        var rig = Initialized();
        var spawner = rig.Create("spawner");
        var one = rig.CreateChild(spawner.Id, "one");
        rig.CreateChild(spawner.Id, "two");
        var waiter = rig.Create("waiter");
        rig.ApplyEdge(waiter.Id, spawner.Id, "waits-for", """{"gate":"any-children"}""");

        Assert.Equal([spawner.Id], BlockersOf(rig, waiter.Id));
        Assert.DoesNotContain(waiter.Id, ReadyIds(rig));

        rig.Close(one.Id);
        Assert.Empty(BlockersOf(rig, waiter.Id));
        Assert.Contains(waiter.Id, ReadyIds(rig));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[\"any-children\"]")]
    [InlineData("{\"gate\":42}")]
    [InlineData("")]
    public void Unreadable_gate_metadata_means_all_children(string metadata)
    {
        var rig = Initialized();
        var spawner = rig.Create("spawner");
        var one = rig.CreateChild(spawner.Id, "one");
        rig.CreateChild(spawner.Id, "two");
        var waiter = rig.Create("waiter");
        rig.ApplyEdge(waiter.Id, spawner.Id, "waits-for", metadata);
        rig.Close(one.Id);
        Assert.Equal([spawner.Id], BlockersOf(rig, waiter.Id));
    }

    [Fact]
    public void Waits_for_a_spawner_without_children_does_not_block()
    {
        var rig = Initialized();
        var spawner = rig.Create("spawner");
        var waiter = rig.Create("waiter");
        rig.Link(waiter.Id, spawner.Id, "waits-for");
        Assert.Empty(BlockersOf(rig, waiter.Id));
        Assert.Contains(waiter.Id, ReadyIds(rig));
    }

    [Fact]
    public void A_pinned_child_of_the_spawner_counts_as_done()
    {
        var rig = Initialized();
        var spawner = rig.Create("spawner");
        var one = rig.CreateChild(spawner.Id, "one");
        var waiter = rig.Create("waiter");
        rig.Link(waiter.Id, spawner.Id, "waits-for");
        rig.SetStatus(one.Id, "pinned");
        Assert.Empty(BlockersOf(rig, waiter.Id));
    }

    [Fact]
    public void A_blocked_parent_blocks_its_descendants_transitively()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var top = rig.Create("top", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        var middle = rig.CreateChild(top.Id, "middle");
        var bottom = rig.CreateChild(middle.Id, "bottom");

        Assert.Equal([blocker.Id], BlockersOf(rig, top.Id));
        Assert.Equal([top.Id], BlockersOf(rig, middle.Id));
        Assert.Equal([middle.Id], BlockersOf(rig, bottom.Id));
        Assert.Equal([blocker.Id], ReadyIds(rig));

        rig.Close(blocker.Id);
        Assert.Equal([top.Id, middle.Id, bottom.Id], ReadyIds(rig).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_parent_blocked_through_waits_for_blocks_its_children()
    {
        var rig = Initialized();
        var spawner = rig.Create("spawner");
        rig.CreateChild(spawner.Id, "spawned");
        var parent = rig.Create("parent");
        rig.Link(parent.Id, spawner.Id, "waits-for");
        var child = rig.CreateChild(parent.Id, "child");
        Assert.Equal([parent.Id], BlockersOf(rig, child.Id));
    }

    [Fact]
    public void A_childs_own_blockers_are_listed_rather_than_its_parent()
    {
        var rig = Initialized();
        var parentBlocker = rig.Create("parent blocker");
        var childBlocker = rig.Create("child blocker");
        var parent = rig.Create("parent", c => c with { Dependencies = [new DependencySpec("blocks", parentBlocker.Id)] });
        var child = rig.Create("child", c => c with
        {
            Parent = parent.Id, Dependencies = [new DependencySpec("blocks", childBlocker.Id)],
        });
        Assert.Equal([childBlocker.Id], BlockersOf(rig, child.Id));
    }

    [Fact]
    public void An_open_parent_does_not_block_its_children_and_open_children_do_not_block_their_epic()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var one = rig.CreateChild(epic.Id, "one");
        var two = rig.CreateChild(epic.Id, "two");

        Assert.Equal([epic.Id, one.Id, two.Id], ReadyIds(rig).Order(StringComparer.Ordinal));
        Assert.Empty(IssueQueries.Blocked(rig.State, IssueFilter.Any, rig.Now));
    }

    [Fact]
    public void A_closed_issue_is_never_blocked()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var a = rig.Create("a", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        rig.Close(a.Id, force: true);
        Assert.Empty(BlockersOf(rig, a.Id));
    }

    [Fact]
    public void A_parent_child_loop_in_imported_data_does_not_hang()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        rig.ApplyEdge(a.Id, b.Id, "parent-child");
        rig.ApplyEdge(b.Id, a.Id, "parent-child");
        Assert.Equal(2, ReadyIds(rig).Count());
    }

    [Fact]
    public void A_future_defer_date_hides_an_open_issue_until_it_passes()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var until = rig.Now.AddDays(2);
        rig.Update(a.Id, "defer_until", until.ToString("O"));
        Assert.Equal("open", rig[a.Id].Status);

        Assert.Empty(ReadyIds(rig));
        Assert.True(new Readiness(rig.State, rig.Now).IsDeferred(rig[a.Id]));

        rig.Now = until;
        Assert.Equal([a.Id], ReadyIds(rig));
        Assert.False(new Readiness(rig.State, until).IsDeferred(rig[a.Id]));
    }

    [Fact]
    public void A_deferred_parent_hides_its_children()
    {
        var rig = Initialized();
        var parent = rig.Create("parent");
        var child = rig.CreateChild(parent.Id, "child");
        var grandchild = rig.CreateChild(child.Id, "grandchild");
        rig.Update(parent.Id, "defer_until", rig.Now.AddDays(2).ToString("O"));

        Assert.Empty(ReadyIds(rig));
        Assert.True(new Readiness(rig.State, rig.Now).IsDeferred(rig[grandchild.Id]));

        rig.Now = rig.Now.AddDays(3);
        Assert.Equal(3, ReadyIds(rig).Count());
    }

    [Fact]
    public void A_parent_in_deferred_status_hides_its_children()
    {
        var rig = Initialized();
        var parent = rig.Create("parent");
        var child = rig.CreateChild(parent.Id, "child");
        rig.SetStatus(parent.Id, "deferred");
        Assert.DoesNotContain(child.Id, ReadyIds(rig));
    }

    [Fact]
    public void An_issue_pinned_by_its_flag_is_not_ready()
    {
        var rig = Initialized();
        var pinned = rig.Import("bd-pin", "pinned", """{"pinned":true}""");
        var unpinned = rig.Import("bd-unp", "not pinned", """{"pinned":false}""");
        Assert.Equal([unpinned.Id], ReadyIds(rig));
        Assert.Equal("open", rig[pinned.Id].Status);
    }

    [Fact]
    public void Ephemeral_issues_are_not_ready_work()
    {
        var rig = Initialized();
        rig.Import("bd-wsp", "wisp", """{"ephemeral":true,"wisp_type":"heartbeat"}""");
        var lasting = rig.Import("bd-lst", "lasting", """{"ephemeral":false}""");
        Assert.Equal([lasting.Id], ReadyIds(rig));
        Assert.Equal([lasting.Id], ReadyIds(rig, includeOrchestration: true));
    }

    [Theory]
    [InlineData("message")]
    [InlineData("molecule")]
    [InlineData("gate")]
    [InlineData("merge-request")]
    [InlineData("agent")]
    [InlineData("role")]
    [InlineData("rig")]
    public void Orchestration_types_are_left_out_unless_asked_for(string type)
    {
        var rig = Initialized();
        rig.Do(new SetRigConfig(RigBuilder.Rig, Alice, "types.custom", "merge-request,agent,role,rig"));
        var work = rig.Create("work");
        var coordination = rig.Create("coordination", c => c with { IssueType = type });

        Assert.Equal([work.Id], ReadyIds(rig));
        Assert.Equal(new[] { coordination.Id, work.Id }.Order(StringComparer.Ordinal),
            ReadyIds(rig, includeOrchestration: true).Order(StringComparer.Ordinal));
        Assert.Equal([coordination.Id], ReadyIds(rig, filter: new IssueFilter { Types = [type] }));
    }

    [Fact]
    public void Ordinary_types_are_all_work()
    {
        var rig = Initialized();
        foreach (var type in new[] { "bug", "feature", "task", "epic", "chore", "decision", "spike", "story", "milestone" })
            rig.Create(type, c => c with { IssueType = type });
        Assert.Equal(9, ReadyIds(rig).Count());
    }

    [Fact]
    public void Ready_respects_the_filter()
    {
        var rig = Initialized();
        var mine = rig.Create("mine", c => c with { Assignee = Bob, Labels = ["api"] });
        rig.Create("theirs", c => c with { Labels = ["api"] });
        rig.Create("other");
        Assert.Equal([mine.Id], ReadyIds(rig, filter: new IssueFilter { Assignee = Bob }));
        Assert.Equal(2, ReadyIds(rig, filter: new IssueFilter { Labels = ["api"] }).Count());
        Assert.Equal(2, ReadyIds(rig, filter: new IssueFilter { UnassignedOnly = true }).Count());
    }

    [Fact]
    public void Ready_ignores_a_status_filter_and_only_gives_open_issues()
    {
        var rig = Initialized();
        var open = rig.Create("open");
        rig.Create("busy", c => c with { Status = "in_progress" });
        Assert.Equal([open.Id], ReadyIds(rig, filter: new IssueFilter { Statuses = ["in_progress"] }));
    }
}

public class BlockedListTests
{
    private static IReadOnlyList<BlockedIssue> Blocked(RigBuilder rig, IssueFilter? filter = null) =>
        IssueQueries.Blocked(rig.State, filter ?? IssueFilter.Any, rig.Now);

    [Fact]
    public void Blocked_lists_each_blocked_issue_with_the_ids_that_block_it()
    {
        var rig = Initialized();
        var b1 = rig.Create("b1");
        var b2 = rig.Create("b2");
        var spawner = rig.Create("spawner");
        rig.CreateChild(spawner.Id, "spawned");
        var blocked = rig.Create("blocked", c => c with
        {
            Dependencies = [new DependencySpec("blocks", b1.Id), new DependencySpec("conditional-blocks", b2.Id),
                new DependencySpec("waits-for", spawner.Id)],
        });

        var entry = Assert.Single(Blocked(rig));
        Assert.Equal(blocked.Id, entry.Issue.Id);
        Assert.Equal([b1.Id, b2.Id, spawner.Id], entry.BlockedBy);
    }

    [Fact]
    public void Closed_blockers_are_left_out_of_the_list()
    {
        var rig = Initialized();
        var b1 = rig.Create("b1");
        var b2 = rig.Create("b2");
        var blocked = rig.Create("blocked", c => c with
        {
            Dependencies = [new DependencySpec("blocks", b1.Id), new DependencySpec("blocks", b2.Id)],
        });
        rig.Close(b1.Id);
        Assert.Equal([b2.Id], Assert.Single(Blocked(rig)).BlockedBy);
    }

    [Fact]
    public void An_issue_blocked_only_through_its_parent_lists_the_parent()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var parent = rig.Create("parent", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        var child = rig.CreateChild(parent.Id, "child");

        var list = Blocked(rig);
        Assert.Equal([parent.Id, child.Id], list.Select(b => b.Issue.Id).Order(StringComparer.Ordinal));
        Assert.Equal([parent.Id], list.Single(b => b.Issue.Id == child.Id).BlockedBy);
    }

    [Fact]
    public void Blocked_includes_issues_in_progress_but_not_pinned_or_closed_ones()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var busy = rig.Create("busy", c => c with { Status = "in_progress", Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        rig.Create("pinned", c => c with { Status = "pinned", Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        rig.Create("closed", c => c with { Status = "closed", Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        Assert.Equal([busy.Id], Blocked(rig, new IssueFilter { IncludeClosed = true }).Select(b => b.Issue.Id));
    }

    [Fact]
    public void A_blocked_status_without_blockers_is_not_listed()
    {
        var rig = Initialized();
        rig.Create("says blocked", c => c with { Status = "blocked" });
        Assert.Empty(Blocked(rig));
    }

    [Fact]
    public void Blocked_is_sorted_by_priority_then_newest_first()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var low = rig.Create("low", c => c with { Priority = 3, Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        var olderHigh = rig.Create("older high", c => c with { Priority = 1, Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        var newerHigh = rig.Create("newer high", c => c with { Priority = 1, Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        Assert.Equal([newerHigh.Id, olderHigh.Id, low.Id], Blocked(rig).Select(b => b.Issue.Id));
    }

    [Fact]
    public void Blocked_respects_the_filter()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var api = rig.Create("api", c => c with { Labels = ["api"], Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        rig.Create("ui", c => c with { Labels = ["ui"], Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        Assert.Equal([api.Id], Blocked(rig, new IssueFilter { Labels = ["api"] }).Select(b => b.Issue.Id));
    }
}
