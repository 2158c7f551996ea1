using System.Collections.Immutable;
using System.Text.Json;
using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

/// <summary>What beads' clients change with update and close beyond fields: the parent, metadata keys, the session, foreign ids.</summary>
public class BeadsClientUpdateTests
{
    private static UpdateIssue Update(string id) => new(RigBuilder.Rig, Alice, id);

    [Fact]
    public void Parent_moves_an_issue_under_another_and_empty_removes_it()
    {
        var rig = Initialized();
        var (first, second) = (rig.CreateEpic("first"), rig.CreateEpic("second"));
        var task = rig.CreateChild(first.Id, "task");

        rig.Do(Update(task.Id) with { Parent = second.Id });
        Assert.Equal(second.Id, rig.State.ParentOf(rig[task.Id]));
        Assert.Single(rig[task.Id].Dependencies);

        var again = rig.Do(Update(task.Id) with { Parent = second.Id });
        Assert.Empty(again.Events); // already its parent: nothing to record

        rig.Do(Update(task.Id) with { Parent = "" });
        Assert.Null(rig.State.ParentOf(rig[task.Id]));
        Assert.Empty(rig[task.Id].Dependencies);
    }

    [Fact]
    public void A_new_parent_is_checked_as_any_edge_and_a_refusal_changes_nothing()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var child = rig.CreateChild(epic.Id, "child");

        Assert.Contains("cycle", rig.Refuse(Update(epic.Id) with { Parent = child.Id }, ErrorCodes.Cycle).Message);
        rig.Refuse(Update(child.Id) with { Parent = "bd-nope" }, ErrorCodes.NotFound);
        Assert.Equal(epic.Id, rig.State.ParentOf(rig[child.Id]));
    }

    [Fact]
    public void Metadata_keys_are_set_and_removed_one_by_one_and_the_rest_kept()
    {
        var rig = Initialized();
        var issue = rig.Create("delegated", c => c with { Metadata = """{"keep":1,"drop":"x"}""" });

        rig.Do(Update(issue.Id) with
        {
            SetMetadata = ImmutableDictionary<string, string>.Empty.Add("delegated_from", """{"by":"gt-1"}""").Add("note", "plain text"),
            UnsetMetadata = ["drop"],
        });

        var metadata = rig[issue.Id].Metadata!.Value;
        Assert.Equal(1, metadata.GetProperty("keep").GetInt32());
        Assert.Equal("gt-1", metadata.GetProperty("delegated_from").GetProperty("by").GetString());
        Assert.Equal("plain text", metadata.GetProperty("note").GetString());
        Assert.False(metadata.TryGetProperty("drop", out _));

        rig.Do(Update(issue.Id) with { UnsetMetadata = ["keep", "delegated_from", "note"] });
        Assert.Null(rig[issue.Id].Metadata);
    }

    [Fact]
    public void Metadata_that_is_no_object_has_no_keys_to_set()
    {
        var rig = Initialized();
        var issue = rig.Create("listed", c => c with { Metadata = "[1,2]" });

        var refusal = rig.Refuse(Update(issue.Id) with { SetMetadata = ImmutableDictionary<string, string>.Empty.Add("k", "v") },
            ErrorCodes.InvalidArgument);
        Assert.Contains("not a JSON object", refusal.Message);
        Assert.Equal(JsonValueKind.Array, rig[issue.Id].Metadata!.Value.ValueKind);
    }

    [Fact]
    public void The_closing_session_is_kept_until_the_issue_is_reopened()
    {
        var rig = Initialized();
        var issue = rig.Create("mail");

        rig.Do(new CloseIssue(RigBuilder.Rig, Alice, issue.Id, "read") { Session = "sess-1" });
        Assert.Equal("sess-1", rig[issue.Id].ClosedBySession);

        rig.Do(new ReopenIssue(RigBuilder.Rig, Alice, issue.Id));
        Assert.Null(rig[issue.Id].ClosedBySession);

        rig.Do(Update(issue.Id) with { Fields = Fields(("status", "closed")), Session = "sess-2" });
        Assert.Equal("sess-2", rig[issue.Id].ClosedBySession);
    }

    [Fact]
    public void An_explicit_id_of_another_prefix_needs_force_and_is_kept_as_given()
    {
        var rig = Initialized();

        Assert.Contains("--force", rig.Refuse(new CreateIssue(RigBuilder.Rig, Alice, "convoy") { ExplicitId = "hq-cv-x1" },
            ErrorCodes.InvalidArgument).Message);
        var forced = rig.Create("convoy", c => c with { ExplicitId = "hq-cv-x1", Force = true });
        Assert.Equal("hq-cv-x1", forced.Id);

        Assert.Contains("not a valid id", rig.Refuse(new CreateIssue(RigBuilder.Rig, Alice, "loud") { ExplicitId = "BD-ABC" },
            ErrorCodes.InvalidArgument).Message);
    }
}
