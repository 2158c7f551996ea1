using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class DeleteTests
{
    private static DeleteIssues Delete(params string[] ids) => new(RigBuilder.Rig, Alice, [.. ids], Force: true);

    private static DeleteResult Deleted(RigBuilder rig, DeleteIssues command) => Assert.IsType<DeleteResult>(rig.Do(command).Reply);

    [Fact]
    public void Without_force_it_is_a_preview_that_changes_nothing()
    {
        var rig = Initialized();
        var a = rig.Create("a", c => c with { Labels = ["x", "y"] });
        var b = rig.Create("b");
        rig.Link(b.Id, a.Id);
        var before = rig.State;

        var applied = rig.Do(Delete(a.Id) with { Force = false });

        Assert.Empty(applied.Events);
        Assert.Same(before, rig.State);
        var preview = Assert.IsType<DeleteResult>(applied.Reply);
        Assert.True(preview.Preview);
        Assert.Equal([new DeletedIssue(a.Id, "a")], preview.Deleted);
        Assert.Equal([b.Id], preview.Orphaned);
        Assert.Equal(2, preview.LabelsRemoved);
        Assert.Equal((b.Id, a.Id), (Assert.Single(preview.Links).IssueId, preview.Links[0].DependsOnId));
    }

    [Fact]
    public void A_deleted_issue_is_gone_with_its_links_both_ways_and_the_orphan_keeps_its_other_links()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        var c = rig.Create("c");
        rig.Link(b.Id, a.Id);
        rig.Link(b.Id, c.Id, "related");
        rig.Link(a.Id, c.Id);

        var result = Deleted(rig, Delete(a.Id));

        Assert.False(result.Preview);
        Assert.Null(rig.State.Find(a.Id));
        Assert.Equal([c.Id], rig[b.Id].Dependencies.Select(d => d.DependsOnId));
        Assert.Equal([b.Id], rig.State.Dependents[c.Id]);
        Assert.False(rig.State.Dependents.ContainsKey(a.Id));
        Assert.Equal(2, result.Links.Count);
        Assert.Equal([b.Id], result.Orphaned);
        Assert.Equal(rig.Now - Step, rig.State.Deleted[a.Id]);
        rig.Refuse(new ClaimIssue(RigBuilder.Rig, Bob, a.Id), ErrorCodes.NotFound);
    }

    [Fact]
    public void Linked_issues_that_name_a_deleted_id_say_deleted_there_but_a_longer_id_is_left_alone()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var child = rig.CreateChild(a.Id, "child");
        var b = rig.Create("b", c => c with { Description = $"see {a.Id}, and {child.Id}.", Notes = $"{a.Id}." });
        var unlinked = rig.Create("unlinked", c => c with { Description = $"mentions {a.Id}" });
        rig.Link(b.Id, a.Id, "related");

        var result = Deleted(rig, Delete(a.Id));

        Assert.Equal($"see [deleted:{a.Id}], and {child.Id}.", rig[b.Id].Description);
        Assert.Equal($"[deleted:{a.Id}].", rig[b.Id].Notes);
        Assert.Equal($"mentions {a.Id}", rig[unlinked.Id].Description); // only linked issues are rewritten, as in beads
        Assert.Equal(1, result.ReferencesUpdated);
        Assert.Equal(new[] { b.Id, child.Id }.Order(StringComparer.Ordinal), result.Orphaned);
        Assert.Empty(rig[child.Id].Dependencies);
    }

    [Fact]
    public void Cascade_deletes_everything_that_depends_on_them_however_far_down()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var task = rig.CreateChild(epic.Id, "task");
        var waiting = rig.Create("waits for the task");
        rig.Link(waiting.Id, task.Id);
        var other = rig.Create("other");

        var result = Deleted(rig, Delete(epic.Id) with { Cascade = true });

        Assert.Equal(new[] { epic.Id, task.Id, waiting.Id }.Order(StringComparer.Ordinal), result.Deleted.Select(d => d.Id));
        Assert.Empty(result.Orphaned);
        Assert.Equal([other.Id], rig.State.Issues.Keys);
        Assert.Empty(rig.State.Dependents);
    }

    [Fact]
    public void Unknown_ids_are_refused_and_nothing_goes()
    {
        var rig = Initialized();
        var a = rig.Create("a");

        rig.Refuse(Delete(a.Id, "bd-nope"), ErrorCodes.NotFound);
        rig.Refuse(Delete(), ErrorCodes.InvalidArgument);

        Assert.NotNull(rig.State.Find(a.Id));
    }

    [Fact]
    public void An_older_copy_imported_after_the_delete_does_not_bring_it_back_but_a_newer_one_does()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var copy = rig[a.Id];
        Deleted(rig, Delete(a.Id));

        var older = Assert.IsType<ImportResult>(rig.Do(new ImportIssues(RigBuilder.Rig, Bob, [copy])).Reply);
        Assert.Equal([a.Id], older.SkippedIds);
        Assert.Null(rig.State.Find(a.Id));

        rig.Now += TimeSpan.FromHours(1);
        var newer = copy with { Title = "edited elsewhere after the delete", UpdatedAt = rig.Now - TimeSpan.FromMinutes(30) };
        Assert.Equal(1, Assert.IsType<ImportResult>(rig.Do(new ImportIssues(RigBuilder.Rig, Bob, [newer])).Reply).Created);
        Assert.False(rig.State.Deleted.ContainsKey(a.Id));
    }

    [Fact]
    public void The_deleted_ids_survive_a_snapshot()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        Deleted(rig, Delete(a.Id));

        var restored = RigState.Restore(rig.State.ToSnapshot());

        Assert.Equal(rig.State.Deleted, restored.Deleted);
    }
}
