using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class DependencyTests
{
    private static AddDependency Add(string from, string to, string type = "blocks") => new(RigBuilder.Rig, Alice, from, to, type);

    [Theory]
    [InlineData("blocks")]
    [InlineData("parent-child")]
    [InlineData("conditional-blocks")]
    [InlineData("waits-for")]
    [InlineData("related")]
    [InlineData("discovered-from")]
    [InlineData("relates-to")]
    [InlineData("duplicates")]
    [InlineData("supersedes")]
    [InlineData("replies-to")]
    [InlineData("tracks")]
    [InlineData("caused-by")]
    [InlineData("validates")]
    public void Every_dependency_type_can_be_added(string type)
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        var at = rig.Now;

        var applied = rig.Do(Add(a.Id, b.Id, type));

        var added = Assert.IsType<DependencyAdded>(Assert.Single(applied.Events));
        Assert.Equal((a.Id, b.Id, type, at, Alice), (added.Dependency.IssueId, added.Dependency.DependsOnId,
            added.Dependency.Type, added.Dependency.CreatedAt!.Value, added.Dependency.CreatedBy!));
        Assert.Equal(added.Dependency, Assert.Single(rig[a.Id].Dependencies));
        Assert.Equal(at, rig[a.Id].UpdatedAt);
        Assert.Equal([a.Id], rig.State.Dependents[b.Id]);
        Assert.Equal(a.Id, applied.Issue.Id);
    }

    [Fact]
    public void An_external_target_is_kept_as_written_for_relations_but_may_not_hold_work_back()
    {
        var rig = Initialized();
        var convoy = rig.Create("convoy");

        var added = Assert.IsType<DependencyAdded>(Assert.Single(rig.Do(Add(convoy.Id, "external:gt:gt-w9u", "tracks")).Events));
        Assert.Equal("external:gt:gt-w9u", added.Dependency.DependsOnId);
        Assert.Empty(rig.Do(Add(convoy.Id, "external:gt:gt-w9u", "tracks")).Events); // the same edge again changes nothing
        Assert.True(new Readiness(rig.State, rig.Now).IsReady(rig[convoy.Id], includeOrchestration: false));

        Assert.Contains("cannot wait for external:gt:gt-x1", rig.Refuse(Add(convoy.Id, "external:gt:gt-x1"), ErrorCodes.InvalidArgument).Message);
        Assert.Contains("already depends on", rig.Refuse(Add(convoy.Id, "external:gt:gt-w9u", "related"), ErrorCodes.AlreadyExists).Message);
        Assert.Contains("not an external reference", rig.Refuse(Add(convoy.Id, "external:gt", "tracks"), ErrorCodes.InvalidArgument).Message);

        rig.Do(new RemoveDependency(RigBuilder.Rig, Alice, convoy.Id, "external:gt:gt-w9u"));
        Assert.Empty(rig[convoy.Id].Dependencies);
    }

    [Fact]
    public void Readiness_types_are_exactly_the_four_blocking_ones()
    {
        Assert.Equal(["blocks", "parent-child", "conditional-blocks", "waits-for"], Vocabulary.DependencyTypes.AffectingReadiness.ToArray());
        Assert.All(Vocabulary.DependencyTypes.Annotations, t => Assert.False(Vocabulary.DependencyTypes.AffectsReadiness(t)));
        Assert.Equal(19, Vocabulary.DependencyTypes.All.Length);
    }

    [Fact]
    public void Type_names_are_case_insensitive()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        rig.Link(a.Id, b.Id, " Related ");
        Assert.Equal("related", Assert.Single(rig[a.Id].Dependencies).Type);
    }

    [Fact]
    public void An_unknown_type_is_refused_with_the_valid_ones()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        var refusal = rig.Refuse(Add(a.Id, b.Id, "needs"), ErrorCodes.InvalidArgument);
        Assert.Contains("unknown dependency type 'needs'", refusal.Message);
        foreach (var type in Vocabulary.DependencyTypes.All) Assert.Contains(type, refusal.Message);
    }

    [Fact]
    public void Both_ends_must_exist()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        Assert.Contains("bd-nope", rig.Refuse(Add(a.Id, "bd-nope"), ErrorCodes.NotFound).Message);
        Assert.Contains("bd-nope", rig.Refuse(Add("bd-nope", a.Id), ErrorCodes.NotFound).Message);
    }

    [Fact]
    public void Ends_may_be_partial_ids()
    {
        var rig = Initialized();
        rig.Create("a", c => c with { ExplicitId = "bd-aaa1" });
        rig.Create("b", c => c with { ExplicitId = "bd-bbb1" });
        rig.Link("aaa", "bd-bb");
        Assert.Equal("bd-bbb1", Assert.Single(rig["bd-aaa1"].Dependencies).DependsOnId);
    }

    [Theory]
    [InlineData("blocks")]
    [InlineData("related")]
    [InlineData("parent-child")]
    public void An_issue_cannot_depend_on_itself(string type)
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var refusal = rig.Refuse(Add(a.Id, a.Id, type), ErrorCodes.InvalidArgument);
        Assert.Contains($"{a.Id} cannot depend on itself", refusal.Message);
    }

    [Fact]
    public void Adding_the_same_edge_again_changes_nothing()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        rig.Link(a.Id, b.Id);

        var again = rig.Do(Add(a.Id, b.Id));

        Assert.Empty(again.Events);
        Assert.Single(rig[a.Id].Dependencies);
    }

    [Fact]
    public void Only_one_edge_per_pair()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        rig.Link(a.Id, b.Id, "related");

        var refusal = rig.Refuse(Add(a.Id, b.Id, "blocks"), ErrorCodes.AlreadyExists);

        Assert.Contains($"{a.Id} already depends on {b.Id} as 'related'", refusal.Message);
        Assert.Contains("bd dep remove", refusal.Message);
    }

    [Fact]
    public void The_reverse_edge_is_a_different_pair()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        rig.Link(a.Id, b.Id, "related");
        rig.Link(b.Id, a.Id, "related");
        Assert.Single(rig[a.Id].Dependencies);
        Assert.Single(rig[b.Id].Dependencies);
    }

    [Theory]
    [InlineData("blocks")]
    [InlineData("conditional-blocks")]
    public void A_direct_cycle_of_blocking_edges_is_refused(string type)
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        rig.Link(a.Id, b.Id, type);

        var refusal = rig.Refuse(Add(b.Id, a.Id, type), ErrorCodes.Cycle);

        Assert.Contains(a.Id, refusal.Message);
        Assert.Contains(b.Id, refusal.Message);
        Assert.Contains("cycle", refusal.Message);
    }

    [Fact]
    public void A_longer_cycle_through_mixed_blocking_types_is_refused()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        var c = rig.Create("c");
        rig.Link(a.Id, b.Id, "blocks");
        rig.Link(b.Id, c.Id, "conditional-blocks");

        var refusal = rig.Refuse(Add(c.Id, a.Id, "blocks"), ErrorCodes.Cycle);
        Assert.Contains($"{c.Id} → {a.Id}", refusal.Message);
    }

    [Fact]
    public void A_diamond_is_not_a_cycle()
    {
        var rig = Initialized();
        var top = rig.Create("top");
        var left = rig.Create("left");
        var right = rig.Create("right");
        var bottom = rig.Create("bottom");
        rig.Link(top.Id, left.Id);
        rig.Link(top.Id, right.Id);
        rig.Link(left.Id, bottom.Id);
        rig.Link(right.Id, bottom.Id);
        Assert.Equal(2, rig.State.Dependents[bottom.Id].Count);
    }

    [Theory]
    [InlineData("related")]
    [InlineData("relates-to")]
    [InlineData("duplicates")]
    [InlineData("supersedes")]
    [InlineData("replies-to")]
    [InlineData("tracks")]
    [InlineData("caused-by")]
    [InlineData("validates")]
    [InlineData("discovered-from")]
    public void Annotation_edges_may_form_loops(string type)
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        rig.Link(a.Id, b.Id, "blocks");
        rig.Link(b.Id, a.Id, type);
        Assert.Equal(type, Assert.Single(rig[b.Id].Dependencies).Type);
    }

    [Fact]
    public void A_parent_blocked_by_its_own_child_is_a_cycle()
    {
        // The child inherits its parent's blocked state, so the pair could never start.
        var rig = Initialized();
        var parent = rig.Create("parent");
        var child = rig.CreateChild(parent.Id, "child");
        var refusal = rig.Refuse(Add(parent.Id, child.Id), ErrorCodes.Cycle);
        Assert.Contains(parent.Id, refusal.Message);
    }

    [Fact]
    public void A_task_cannot_block_an_epic()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var task = rig.Create("task");

        var refusal = rig.Refuse(Add(epic.Id, task.Id), ErrorCodes.InvalidArgument);

        Assert.Contains("epics can only be blocked by epics", refusal.Message);
        Assert.Contains(task.Id, refusal.Message);
        Assert.Empty(rig[epic.Id].Dependencies);
    }

    [Fact]
    public void An_epic_cannot_block_a_task()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var bug = rig.Create("bug", c => c with { IssueType = "bug" });

        var refusal = rig.Refuse(Add(bug.Id, epic.Id), ErrorCodes.InvalidArgument);

        Assert.Contains("tasks can only be blocked by tasks, not epics", refusal.Message);
        Assert.Contains(epic.Id, refusal.Message);
    }

    [Fact]
    public void Epics_may_block_epics_and_tasks_tasks()
    {
        var rig = Initialized();
        var e1 = rig.CreateEpic("e1");
        var e2 = rig.CreateEpic("e2");
        var t1 = rig.Create("t1");
        var t2 = rig.Create("t2", c => c with { IssueType = "feature" });
        rig.Link(e1.Id, e2.Id);
        rig.Link(t1.Id, t2.Id);
        Assert.Single(rig[e1.Id].Dependencies);
        Assert.Single(rig[t1.Id].Dependencies);
    }

    [Fact]
    public void A_task_may_be_an_epics_child_or_relate_to_it()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var a = rig.Create("a");
        var b = rig.Create("b");
        rig.Link(a.Id, epic.Id, "parent-child");
        rig.Link(b.Id, epic.Id, "related");
        Assert.Equal([a.Id], rig.State.ChildrenOf(epic.Id).Select(i => i.Id));
    }

    [Fact]
    public void An_issue_has_at_most_one_parent()
    {
        var rig = Initialized();
        var first = rig.CreateEpic("first");
        var second = rig.CreateEpic("second");
        var child = rig.CreateChild(first.Id, "child");

        var refusal = rig.Refuse(Add(child.Id, second.Id, "parent-child"), ErrorCodes.InvalidArgument);

        Assert.Contains($"already has parent {first.Id}", refusal.Message);
    }

    [Fact]
    public void A_dotted_child_cannot_be_blocked_by_its_parent()
    {
        var rig = Initialized();
        var parent = rig.Create("parent");
        var child = rig.CreateChild(parent.Id, "child");
        rig.Do(new RemoveDependency(RigBuilder.Rig, Alice, child.Id, parent.Id));

        var refusal = rig.Refuse(Add(child.Id, parent.Id), ErrorCodes.InvalidArgument);

        Assert.Contains($"{child.Id} is already a child of {parent.Id}", refusal.Message);
    }

    [Fact]
    public void Removing_an_edge_records_it_and_updates_the_index()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        var c = rig.Create("c");
        rig.Link(a.Id, b.Id);
        rig.Link(c.Id, b.Id, "related");
        var at = rig.Now;

        var applied = rig.Do(new RemoveDependency(RigBuilder.Rig, Bob, a.Id, b.Id));

        var removed = Assert.IsType<DependencyRemoved>(Assert.Single(applied.Events));
        Assert.Equal((a.Id, b.Id, "blocks", Bob), (removed.IssueId, removed.DependsOnId, removed.Type, removed.Actor));
        Assert.Empty(rig[a.Id].Dependencies);
        Assert.Equal(at, rig[a.Id].UpdatedAt);
        Assert.Equal([c.Id], rig.State.Dependents[b.Id]);

        rig.Do(new RemoveDependency(RigBuilder.Rig, Bob, c.Id, b.Id));
        Assert.False(rig.State.Dependents.ContainsKey(b.Id));
    }

    [Fact]
    public void Removing_an_edge_that_does_not_exist_is_refused()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        var refusal = rig.Refuse(new RemoveDependency(RigBuilder.Rig, Alice, a.Id, b.Id), ErrorCodes.NotFound);
        Assert.Contains($"{a.Id} does not depend on {b.Id}", refusal.Message);
    }

    [Fact]
    public void A_removed_edge_may_be_added_again_with_another_type()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        rig.Link(a.Id, b.Id, "related");
        rig.Do(new RemoveDependency(RigBuilder.Rig, Alice, a.Id, b.Id));
        rig.Link(a.Id, b.Id, "blocks");
        Assert.Equal("blocks", Assert.Single(rig[a.Id].Dependencies).Type);
    }

    [Fact]
    public void Removing_a_parent_edge_detaches_the_child()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var child = rig.CreateChild(epic.Id, "child");
        rig.Do(new RemoveDependency(RigBuilder.Rig, Alice, child.Id, epic.Id));
        Assert.Empty(rig.State.ChildrenOf(epic.Id));
        Assert.Null(rig.State.ParentOf(rig[child.Id]));
    }
}
