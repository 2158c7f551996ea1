using System.Collections.Immutable;
using System.Text.Json;
using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class CreateTests
{
    private static CreateIssue Command(string title = "Fix login") => new(RigBuilder.Rig, Alice, title);

    [Fact]
    public void A_new_issue_gets_the_beads_defaults()
    {
        var rig = Initialized();
        var at = rig.Now;
        var issue = rig.Create("Fix login");

        Assert.Equal("Fix login", issue.Title);
        Assert.Equal("open", issue.Status);
        Assert.Equal(2, issue.Priority);
        Assert.Equal("task", issue.IssueType);
        Assert.Equal(at, issue.CreatedAt);
        Assert.Equal(at, issue.UpdatedAt);
        Assert.Equal(Alice, issue.CreatedBy);
        Assert.Null(issue.StartedAt);
        Assert.Null(issue.ClosedAt);
        Assert.Null(issue.Assignee);
        Assert.Null(issue.Metadata);
        Assert.Empty(issue.Labels);
        Assert.Empty(issue.Dependencies);
        Assert.Empty(issue.Comments);
    }

    [Fact]
    public void Every_given_field_is_kept()
    {
        var rig = Initialized();
        var due = new DateTimeOffset(2026, 4, 1, 17, 0, 0, TimeSpan.FromHours(2));
        var issue = rig.Create("Fix login", c => c with
        {
            Description = "desc", Design = "design", AcceptanceCriteria = "ac", Notes = "notes",
            IssueType = "bug", Priority = 0, Assignee = Bob, Owner = "bob@example.com", ExternalRef = "gh-12",
            EstimatedMinutes = 90, DueAt = due, Labels = ["backend", "urgent"],
        });

        Assert.Equal(("desc", "design", "ac", "notes"), (issue.Description, issue.Design, issue.AcceptanceCriteria, issue.Notes));
        Assert.Equal(("bug", 0, Bob, "bob@example.com", "gh-12"), (issue.IssueType, issue.Priority, issue.Assignee, issue.Owner, issue.ExternalRef));
        Assert.Equal(90, issue.EstimatedMinutes);
        Assert.Equal(due, issue.DueAt);
        Assert.Equal(TimeSpan.Zero, issue.DueAt!.Value.Offset);
        Assert.Equal(["backend", "urgent"], issue.Labels);
    }

    [Fact]
    public void Empty_optional_text_is_stored_as_absent()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Description = "", Assignee = "", Notes = "", ExternalRef = "" });
        Assert.Null(issue.Description);
        Assert.Null(issue.Assignee);
        Assert.Null(issue.Notes);
        Assert.Null(issue.ExternalRef);
    }

    [Fact]
    public void Create_records_one_created_event_and_replies_with_the_issue()
    {
        var rig = Initialized();
        var applied = rig.Do(Command() with { Labels = ["a"] });

        var created = Assert.IsType<IssueCreated>(Assert.Single(applied.Events));
        Assert.Equal(Alice, created.Actor);
        Assert.Equal(created.Issue, applied.Issue);
        Assert.Equal(["a"], created.Issue.Labels);
    }

    [Fact]
    public void The_title_is_trimmed() =>
        Assert.Equal("Fix login", Initialized().Create("  Fix login \n").Title);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_title_is_refused(string title)
    {
        var refusal = Initialized().Refuse(Command(title), ErrorCodes.InvalidArgument);
        Assert.Contains("title is empty", refusal.Message);
    }

    [Fact]
    public void A_title_of_500_characters_is_accepted() =>
        Assert.Equal(500, Initialized().Create(new string('x', 500)).Title.Length);

    [Fact]
    public void A_title_over_500_characters_is_refused()
    {
        var refusal = Initialized().Refuse(Command(new string('x', 501)), ErrorCodes.InvalidArgument);
        Assert.Contains("501 characters", refusal.Message);
        Assert.Contains("500", refusal.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Priorities_0_to_4_are_accepted(int priority) =>
        Assert.Equal(priority, Initialized().Create("t", c => c with { Priority = priority }).Priority);

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Priorities_outside_0_to_4_are_refused(int priority)
    {
        var refusal = Initialized().Refuse(Command() with { Priority = priority }, ErrorCodes.InvalidArgument);
        Assert.Contains($"priority {priority}", refusal.Message);
        Assert.Contains("0 (highest) to 4 (lowest)", refusal.Message);
    }

    [Theory]
    [InlineData("bug")]
    [InlineData("feature")]
    [InlineData("task")]
    [InlineData("epic")]
    [InlineData("chore")]
    [InlineData("decision")]
    [InlineData("message")]
    [InlineData("molecule")]
    [InlineData("gate")]
    [InlineData("spike")]
    [InlineData("story")]
    [InlineData("milestone")]
    public void Every_built_in_type_is_accepted(string type) =>
        Assert.Equal(type, Initialized().Create("t", c => c with { IssueType = type }).IssueType);

    [Theory]
    [InlineData("feat", "feature")]
    [InlineData("enhancement", "feature")]
    [InlineData("Enhancement", "feature")]
    [InlineData("dec", "decision")]
    [InlineData("adr", "decision")]
    [InlineData("investigation", "spike")]
    [InlineData("timebox", "spike")]
    [InlineData("user-story", "story")]
    [InlineData("user_story", "story")]
    [InlineData("ms", "milestone")]
    [InlineData(" BUG ", "bug")]
    public void Type_aliases_are_normalised(string typed, string stored) =>
        Assert.Equal(stored, Initialized().Create("t", c => c with { IssueType = typed }).IssueType);

    [Fact]
    public void An_unknown_type_is_refused_with_the_valid_ones()
    {
        var refusal = Initialized().Refuse(Command() with { IssueType = "incident" }, ErrorCodes.InvalidArgument);
        Assert.Contains("invalid issue type: incident", refusal.Message);
        foreach (var type in Vocabulary.Types.BuiltIn) Assert.Contains(type, refusal.Message);
        Assert.Contains("types.custom", refusal.Message);
    }

    [Fact]
    public void A_status_may_be_given()
    {
        var rig = Initialized();
        Assert.Equal("blocked", rig.Create("t", c => c with { Status = "blocked" }).Status);
        Assert.Equal("hooked", rig.Create("u", c => c with { Status = "HOOKED" }).Status);
    }

    [Fact]
    public void Created_in_progress_stamps_started_at()
    {
        var rig = Initialized();
        var at = rig.Now;
        var issue = rig.Create("t", c => c with { Status = "in-progress" });
        Assert.Equal("in_progress", issue.Status);
        Assert.Equal(at, issue.StartedAt);
    }

    [Fact]
    public void Created_closed_has_closed_at()
    {
        var rig = Initialized();
        var at = rig.Now;
        var issue = rig.Create("t", c => c with { Status = "closed" });
        Assert.Equal("closed", issue.Status);
        Assert.Equal(at, issue.ClosedAt);
    }

    [Fact]
    public void An_unknown_status_is_refused_with_the_valid_ones()
    {
        var refusal = Initialized().Refuse(Command() with { Status = "doing" }, ErrorCodes.InvalidArgument);
        Assert.Contains("unknown status 'doing'", refusal.Message);
        foreach (var status in Vocabulary.Statuses.BuiltIn) Assert.Contains(status, refusal.Message);
        Assert.Contains("status.custom", refusal.Message);
    }

    [Fact]
    public void A_future_defer_date_keeps_the_issue_open_but_out_of_ready_work_until_it_passes()
    {
        var rig = Initialized();
        var later = rig.Now.AddDays(3);
        var issue = rig.Create("t", c => c with { DeferUntil = later });
        Assert.Equal("open", issue.Status);
        Assert.Equal(later, issue.DeferUntil);
        Assert.True(new Readiness(rig.State, rig.Now).IsDeferred(issue));
        Assert.False(new Readiness(rig.State, later).IsDeferred(issue));
    }

    [Fact]
    public void An_explicit_status_is_kept_beside_a_defer_date()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Status = "deferred", DeferUntil = rig.Now.AddDays(3) });
        Assert.Equal("deferred", issue.Status);
    }

    [Theory]
    [InlineData("{\"sprint\": 4, \"tags\": [\"x\"]}", "{\"sprint\":4,\"tags\":[\"x\"]}", JsonValueKind.Object)]
    [InlineData("[1, 2]", "[1,2]", JsonValueKind.Array)]
    [InlineData("42", "42", JsonValueKind.Number)]
    [InlineData("\"text\"", "\"text\"", JsonValueKind.String)]
    [InlineData("true", "true", JsonValueKind.True)]
    [InlineData("{}", "{}", JsonValueKind.Object)]
    public void Metadata_may_be_any_json_value(string json, string stored, JsonValueKind kind)
    {
        var issue = Initialized().Create("t", c => c with { Metadata = json });
        Assert.Equal(kind, issue.Metadata!.Value.ValueKind);
        Assert.Equal(stored, JsonSerializer.Serialize(issue.Metadata.Value));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("sprint=4")]
    [InlineData("")]
    public void Metadata_that_is_not_json_is_refused(string text)
    {
        var refusal = Initialized().Refuse(Command() with { Metadata = text }, ErrorCodes.InvalidArgument);
        Assert.Contains("metadata is not valid JSON", refusal.Message);
    }

    [Fact]
    public void Duplicate_labels_are_kept_once_and_labels_are_trimmed()
    {
        var issue = Initialized().Create("t", c => c with { Labels = ["api", " api ", "db"] });
        Assert.Equal(["api", "db"], issue.Labels);
    }

    [Theory]
    [InlineData(" ", "a label cannot be empty")]
    [InlineData("a,b", "contains a comma")]
    public void Bad_labels_are_refused(string label, string expected)
    {
        var refusal = Initialized().Refuse(Command() with { Labels = [label] }, ErrorCodes.InvalidArgument);
        Assert.Contains(expected, refusal.Message);
    }

    [Fact]
    public void A_negative_estimate_is_refused()
    {
        var refusal = Initialized().Refuse(Command() with { EstimatedMinutes = -5 }, ErrorCodes.InvalidArgument);
        Assert.Contains("estimate must be a non-negative whole number of minutes: -5 is negative", refusal.Message);
    }

    [Fact]
    public void Dependencies_given_at_create_become_edges_from_the_new_issue()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var origin = rig.Create("origin");
        var applied = rig.Do(Command("new") with
        {
            Dependencies = [new DependencySpec("blocks", blocker.Id), new DependencySpec("discovered-from", origin.Id)],
        });

        var issue = applied.Issue;
        Assert.Equal([(issue.Id, blocker.Id, "blocks"), (issue.Id, origin.Id, "discovered-from")],
            issue.Dependencies.Select(d => (d.IssueId, d.DependsOnId, d.Type)));
        Assert.Equal(3, applied.Events.Count);
        Assert.IsType<IssueCreated>(applied.Events[0]);
        Assert.All(applied.Events.Skip(1), e => Assert.IsType<DependencyAdded>(e));
        Assert.Contains(issue.Id, rig.State.Dependents[blocker.Id]);
    }

    [Theory]
    [InlineData("depends-on")]
    [InlineData("blocked-by")]
    public void Create_time_aliases_mean_the_new_issue_is_blocked(string alias)
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var issue = rig.Create("new", c => c with { Dependencies = [new DependencySpec(alias, blocker.Id)] });
        var edge = Assert.Single(issue.Dependencies);
        Assert.Equal((issue.Id, blocker.Id, "blocks"), (edge.IssueId, edge.DependsOnId, edge.Type));
    }

    [Fact]
    public void A_reversed_dependency_makes_the_new_issue_the_blocker()
    {
        var rig = Initialized();
        var later = rig.Create("later");
        var issue = rig.Create("first", c => c with { Dependencies = [new DependencySpec("blocks", later.Id, Reversed: true)] });

        Assert.Empty(issue.Dependencies);
        var edge = Assert.Single(rig[later.Id].Dependencies);
        Assert.Equal((later.Id, issue.Id, "blocks"), (edge.IssueId, edge.DependsOnId, edge.Type));
    }

    [Fact]
    public void The_new_issues_own_edges_cannot_form_a_cycle()
    {
        var rig = Initialized();
        var other = rig.Create("other");
        var refusal = rig.Refuse(Command() with
        {
            Dependencies = [new DependencySpec("blocks", other.Id), new DependencySpec("blocks", other.Id, Reversed: true)],
        }, ErrorCodes.Cycle);
        Assert.Contains(other.Id, refusal.Message);
        Assert.Equal([other.Id], rig.State.Issues.Keys);
    }

    [Fact]
    public void The_epic_rule_applies_to_edges_given_at_create()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var refusal = rig.Refuse(Command() with { Dependencies = [new DependencySpec("blocks", epic.Id)] }, ErrorCodes.InvalidArgument);
        Assert.Contains("tasks can only be blocked by tasks", refusal.Message);
    }

    [Fact]
    public void A_bad_dependency_refuses_the_whole_create()
    {
        var rig = Initialized();
        var before = rig.State.Issues.Count;
        var refusal = rig.Refuse(Command() with { Dependencies = [new DependencySpec("blocks", "bd-nope")] }, ErrorCodes.NotFound);
        Assert.Contains("bd-nope", refusal.Message);
        Assert.Equal(before, rig.State.Issues.Count);
    }

    [Fact]
    public void An_unknown_dependency_type_at_create_is_refused()
    {
        var rig = Initialized();
        var other = rig.Create("other");
        var refusal = rig.Refuse(Command() with { Dependencies = [new DependencySpec("needs", other.Id)] }, ErrorCodes.InvalidArgument);
        Assert.Contains("unknown dependency type 'needs'", refusal.Message);
    }

    [Fact]
    public void A_child_may_also_carry_other_dependencies()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("Epic");
        var blocker = rig.Create("blocker");
        var child = rig.Create("child", c => c with { Parent = epic.Id, Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        Assert.Equal(["parent-child", "blocks"], child.Dependencies.Select(d => d.Type));
    }

    [Fact]
    public void Create_in_an_uninitialised_rig_is_refused()
    {
        var refusal = RigBuilder.Empty().Refuse(Command(), ErrorCodes.RigNotInitialized);
        Assert.Contains($"'{RigBuilder.Rig}'", refusal.Message);
        Assert.Contains("bd init", refusal.Message);
    }

    [Fact]
    public void Unknown_fields_of_an_imported_issue_are_kept_through_changes()
    {
        var rig = Initialized();
        var extra = new Dictionary<string, JsonElement>
        {
            ["wisp_type"] = JsonDocument.Parse("\"heartbeat\"").RootElement.Clone(),
            ["bonded_from"] = JsonDocument.Parse("[{\"source_id\":\"bd-x\"}]").RootElement.Clone(),
        };
        var imported = new Issue
        {
            Id = "bd-imp", Title = "imported", Status = "open", IssueType = "task",
            CreatedAt = rig.Now, UpdatedAt = rig.Now, Extra = extra,
        };
        var state = rig.State.Apply(new IssueCreated(imported, rig.Now, Alice));
        var decision = RigDecider.Decide(state,
            new UpdateIssue(RigBuilder.Rig, Alice, "bd-imp") { Fields = Fields(("title", "renamed")) }, rig.Now);
        var after = decision.Value.Events.Aggregate(state, (s, e) => s.Apply(e));

        var issue = after.Issues["bd-imp"];
        Assert.Equal("renamed", issue.Title);
        Assert.Equal("heartbeat", issue.Extra!["wisp_type"].GetString());
        Assert.Equal("bd-x", issue.Extra["bonded_from"][0].GetProperty("source_id").GetString());
    }
}
