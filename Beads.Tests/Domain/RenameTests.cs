using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class RenameTests
{
    [Fact]
    public void The_issue_its_links_and_the_texts_that_name_it_all_take_the_new_id()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("the epic");
        var renamed = rig.CreateChild(epic.Id, "to rename");
        var dependent = rig.Create("waits", c => c with { Description = $"after {renamed.Id} is done, not {renamed.Id}.1" });
        rig.Link(dependent.Id, renamed.Id);
        rig.Do(new AddComment(Rig, Alice, renamed.Id, "a remark"));
        rig.Do(new UpdateIssue(Rig, Alice, renamed.Id) { AddLabels = ["auth"] });

        var result = rig.Do(new RenameIssue(Rig, Bob, renamed.Id, "bd-auth")).Issue;

        Assert.Equal("bd-auth", result.Id);
        Assert.False(rig.State.Issues.ContainsKey(renamed.Id));
        var moved = rig["bd-auth"];
        Assert.Equal(("to rename", "auth", "a remark"), (moved.Title, moved.Labels.Single(), moved.Comments.Single().Text));
        Assert.Equal(epic.Id, rig.State.ParentOf(moved));
        Assert.Equal(["bd-auth"], rig[dependent.Id].Dependencies.Select(d => d.DependsOnId));
        Assert.Equal($"after bd-auth is done, not {renamed.Id}.1", rig[dependent.Id].Description);
        Assert.Contains(renamed.Id, rig.State.Deleted.Keys);
        Assert.Empty(RigDiagnostics.Diagnose(rig.State).Orphans);
    }

    [Theory]
    [InlineData("same", "the same")]
    [InlineData("xx-other", "invalid new ID format")]
    [InlineData("bd-has space", "invalid new ID format")]
    [InlineData("taken", "already exists")]
    public void A_new_id_that_cannot_be_used_is_refused_and_nothing_changes(string newId, string why)
    {
        var rig = Initialized();
        var issue = rig.Create("one");
        var other = rig.Create("two");
        var wanted = newId switch { "same" => issue.Id, "taken" => other.Id, _ => newId };
        var before = rig.State;

        var refusal = rig.Decide(new RenameIssue(Rig, Alice, issue.Id, wanted));

        Assert.Contains(why, refusal.Error!.Message);
        Assert.Same(before, rig.State);
    }
}
