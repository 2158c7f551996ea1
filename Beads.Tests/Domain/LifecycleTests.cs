using System.Text.Json;
using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class UpdateTests
{
    private static UpdateIssue Update(string id, params (string Field, string Value)[] fields) =>
        new(RigBuilder.Rig, Alice, id) { Fields = Fields(fields) };

    [Fact]
    public void Changed_fields_are_recorded_with_old_and_new_values()
    {
        var rig = Initialized();
        var issue = rig.Create("Fix login", c => c with { Priority = 2, Description = "old" });
        var at = rig.Now;

        var applied = rig.Do(Update(issue.Id, ("title", "Fix login page"), ("priority", "P0"), ("description", "new")));

        var updated = Assert.IsType<IssueUpdated>(Assert.Single(applied.Events));
        Assert.Equal(issue.Id, updated.IssueId);
        Assert.Equal(at, updated.At);
        Assert.Equal(
            [new FieldChange("description", "old", "new"), new FieldChange("priority", "2", "0"),
             new FieldChange("title", "Fix login", "Fix login page")],
            updated.Changes);
        var after = rig[issue.Id];
        Assert.Equal(("Fix login page", 0, "new"), (after.Title, after.Priority, after.Description));
        Assert.Equal(at, after.UpdatedAt);
        Assert.Equal(after, applied.Issue);
    }

    [Fact]
    public void Values_that_do_not_change_are_not_recorded()
    {
        var rig = Initialized();
        var issue = rig.Create("Fix login", c => c with { Priority = 1 });
        var applied = rig.Do(Update(issue.Id, ("title", " Fix login "), ("priority", "p1")));
        Assert.Empty(applied.Events);
        Assert.Equal(issue, rig[issue.Id]);
    }

    [Fact]
    public void Empty_text_clears_an_optional_field()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Assignee = Bob, Description = "d" });
        var applied = rig.Do(Update(issue.Id, ("assignee", ""), ("description", "")));
        Assert.Equal([new FieldChange("assignee", Bob, null), new FieldChange("description", "d", null)],
            Assert.IsType<IssueUpdated>(Assert.Single(applied.Events)).Changes);
        Assert.Null(rig[issue.Id].Assignee);
        Assert.Null(rig[issue.Id].Description);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("priority")]
    [InlineData("issue_type")]
    public void Required_fields_cannot_be_cleared(string field)
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var refusal = rig.Refuse(Update(issue.Id, (field, "")), ErrorCodes.InvalidArgument);
        Assert.Contains($"{field} cannot be cleared", refusal.Message);
    }

    [Fact]
    public void The_title_is_checked_as_on_create()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        Assert.Contains("title is empty", rig.Refuse(Update(issue.Id, ("title", "   ")), ErrorCodes.InvalidArgument).Message);
        Assert.Contains("501 characters", rig.Refuse(Update(issue.Id, ("title", new string('y', 501))), ErrorCodes.InvalidArgument).Message);
    }

    [Theory]
    [InlineData("5", "invalid priority 5")]
    [InlineData("-1", "invalid priority '-1'")]
    [InlineData("high", "invalid priority 'high'")]
    public void Bad_priorities_are_refused(string value, string expected)
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        Assert.Contains(expected, rig.Refuse(Update(issue.Id, ("priority", value)), ErrorCodes.InvalidArgument).Message);
    }

    [Fact]
    public void The_type_is_normalised_and_checked()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.Update(issue.Id, "issue_type", "feat");
        Assert.Equal("feature", rig[issue.Id].IssueType);

        var refusal = rig.Refuse(Update(issue.Id, ("issue_type", "incident")), ErrorCodes.InvalidArgument);
        Assert.Contains("invalid issue type: incident", refusal.Message);
        Assert.Contains("milestone", refusal.Message);
    }

    [Fact]
    public void An_unknown_field_is_refused_with_the_updatable_ones()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var refusal = rig.Refuse(Update(issue.Id, ("colour", "red")), ErrorCodes.InvalidArgument);
        Assert.Contains("'colour' is not a field that can be updated", refusal.Message);
        foreach (var field in IssueFields.Names) Assert.Contains(field, refusal.Message);
        Assert.Contains("status", refusal.Message);
    }

    [Fact]
    public void Estimates_dates_and_metadata_are_parsed()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.Do(Update(issue.Id, ("estimated_minutes", "45"), ("due_at", "2026-04-01T17:00:00+02:00"),
            ("metadata", """{ "sprint" : 5 }""")));

        var after = rig[issue.Id];
        Assert.Equal(45, after.EstimatedMinutes);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 15, 0, 0, TimeSpan.Zero), after.DueAt);
        Assert.Equal(TimeSpan.Zero, after.DueAt!.Value.Offset);
        Assert.Equal(5, after.Metadata!.Value.GetProperty("sprint").GetInt32());

        var change = Assert.IsType<IssueUpdated>(rig.History[^1]).Changes.Single(c => c.Field == "metadata");
        Assert.Equal("""{"sprint":5}""", change.New);
    }

    [Theory]
    [InlineData("estimated_minutes", "-3", "estimate must be a non-negative whole number of minutes: '-3'")]
    [InlineData("estimated_minutes", "soon", "estimate must be a non-negative whole number of minutes: 'soon'")]
    [InlineData("due_at", "someday", "due_at 'someday' is not a date")]
    [InlineData("defer_until", "later", "defer_until 'later' is not a date")]
    [InlineData("metadata", "{oops", "metadata is not valid JSON")]
    public void Unparseable_values_are_refused(string field, string value, string expected)
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        Assert.Contains(expected, rig.Refuse(Update(issue.Id, (field, value)), ErrorCodes.InvalidArgument).Message);
    }

    [Fact]
    public void Notes_are_appended_on_a_new_line()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.Do(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { AppendNotes = "first" });
        rig.Do(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { AppendNotes = "second" });
        Assert.Equal("first\nsecond", rig[issue.Id].Notes);

        var change = Assert.Single(Assert.IsType<IssueUpdated>(rig.History[^1]).Changes);
        Assert.Equal(new FieldChange("notes", "first", "first\nsecond"), change);
    }

    [Fact]
    public void Appended_notes_follow_notes_set_in_the_same_update()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Notes = "old" });
        rig.Do(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { Fields = Fields(("notes", "fresh")), AppendNotes = "more" });
        Assert.Equal("fresh\nmore", rig[issue.Id].Notes);
        Assert.Equal(new FieldChange("notes", "old", "fresh\nmore"),
            Assert.Single(Assert.IsType<IssueUpdated>(rig.History[^1]).Changes));
    }

    [Fact]
    public void Labels_are_added_removed_and_replaced_with_one_event_each()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Labels = ["api", "db"] });

        var added = rig.Do(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { AddLabels = ["ui", "api", " ui "] });
        Assert.Equal(["ui"], added.Events.Cast<LabelAdded>().Select(e => e.Label));
        Assert.Equal(["api", "db", "ui"], rig[issue.Id].Labels);

        var removed = rig.Do(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { RemoveLabels = ["db", "absent"] });
        Assert.Equal(["db"], removed.Events.Cast<LabelRemoved>().Select(e => e.Label));

        var set = rig.Do(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { SetLabels = ["ui", "ops"] });
        Assert.Equal([(typeof(LabelRemoved), "api"), (typeof(LabelAdded), "ops")],
            set.Events.Select(e => (e.GetType(), e is LabelAdded a ? a.Label : ((LabelRemoved)e).Label)));
        Assert.Equal(["ui", "ops"], rig[issue.Id].Labels);
    }

    [Fact]
    public void A_bad_label_refuses_the_whole_update()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var refusal = rig.Refuse(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id)
        {
            Fields = Fields(("title", "new")), AddLabels = ["a,b"],
        }, ErrorCodes.InvalidArgument);
        Assert.Contains("'a,b'", refusal.Message);
    }

    [Fact]
    public void Updating_an_unknown_issue_is_not_found()
    {
        var rig = Initialized();
        Assert.Contains("bd-zzz", rig.Refuse(Update("bd-zzz", ("title", "x")), ErrorCodes.NotFound).Message);
    }

    [Fact]
    public void A_status_change_is_its_own_event()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var applied = rig.Do(Update(issue.Id, ("status", "blocked"), ("priority", "1")));

        Assert.IsType<IssueUpdated>(applied.Events[0]);
        var changed = Assert.IsType<IssueStatusChanged>(applied.Events[1]);
        Assert.Equal(("open", "blocked"), (changed.From, changed.To));
        Assert.Equal("blocked", rig[issue.Id].Status);
    }

    [Fact]
    public void An_unknown_status_is_refused_with_the_valid_ones()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var refusal = rig.Refuse(Update(issue.Id, ("status", "wip")), ErrorCodes.InvalidArgument);
        Assert.Contains("unknown status 'wip'", refusal.Message);
        Assert.Contains("open, in_progress, blocked, deferred, closed, pinned, hooked", refusal.Message);
    }

    [Fact]
    public void Started_at_is_set_on_the_first_move_to_in_progress_only()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var firstStart = rig.Now;
        rig.SetStatus(issue.Id, "in-progress");
        Assert.Equal("in_progress", rig[issue.Id].Status);
        Assert.Equal(firstStart, rig[issue.Id].StartedAt);

        rig.SetStatus(issue.Id, "open");
        Assert.Equal(firstStart, rig[issue.Id].StartedAt);
        rig.SetStatus(issue.Id, "in_progress");
        Assert.Equal(firstStart, rig[issue.Id].StartedAt);
    }

    [Fact]
    public void Other_status_moves_do_not_set_started_at()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.SetStatus(issue.Id, "hooked");
        Assert.Null(rig[issue.Id].StartedAt);
    }

    [Fact]
    public void Closing_through_update_follows_the_close_rules()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var issue = rig.Create("t", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });

        var refusal = rig.Refuse(Update(issue.Id, ("status", "closed")), ErrorCodes.NeedsForce);
        Assert.Contains(blocker.Id, refusal.Message);

        rig.Close(blocker.Id);
        var at = rig.Now;
        var applied = rig.Do(Update(issue.Id, ("status", "closed")));
        var closed = Assert.IsType<IssueClosed>(Assert.Single(applied.Events));
        Assert.Equal("Closed", closed.Reason);
        Assert.Equal(at, rig[issue.Id].ClosedAt);
    }

    [Fact]
    public void Leaving_closed_through_update_reopens_first()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.Close(issue.Id, reason: "done");

        var applied = rig.Do(Update(issue.Id, ("status", "in_progress")));

        Assert.IsType<IssueReopened>(applied.Events[0]);
        var changed = Assert.IsType<IssueStatusChanged>(applied.Events[1]);
        Assert.Equal(("open", "in_progress"), (changed.From, changed.To));
        var after = rig[issue.Id];
        Assert.Equal("in_progress", after.Status);
        Assert.Null(after.ClosedAt);
        Assert.Null(after.CloseReason);
    }

    [Fact]
    public void Closed_and_closed_at_always_go_together()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        void Check()
        {
            var now = rig[issue.Id];
            Assert.Equal(now.Status == "closed", now.ClosedAt is not null);
        }
        Check();
        rig.SetStatus(issue.Id, "in_progress"); Check();
        rig.Close(issue.Id); Check();
        rig.Do(new ReopenIssue(RigBuilder.Rig, Alice, issue.Id)); Check();
        rig.SetStatus(issue.Id, "closed"); Check();
        rig.SetStatus(issue.Id, "deferred"); Check();
        rig.SetStatus(issue.Id, "closed"); Check();
        rig.SetStatus(issue.Id, "open"); Check();
    }
}

public class ClaimTests
{
    private static ClaimIssue Claim(string id, string actor) => new(RigBuilder.Rig, actor, id);

    [Fact]
    public void Claiming_an_open_unassigned_issue_takes_it()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var at = rig.Now;

        var applied = rig.Do(Claim(issue.Id, Bob));

        var claimed = Assert.IsType<IssueClaimed>(Assert.Single(applied.Events));
        Assert.Equal((issue.Id, Bob, at), (claimed.IssueId, claimed.Actor, claimed.At));
        var after = rig[issue.Id];
        Assert.Equal((Bob, "in_progress", at, at), (after.Assignee, after.Status, after.StartedAt, after.UpdatedAt));
        Assert.Equal(after, applied.Issue);
    }

    [Fact]
    public void Claiming_again_by_the_holder_changes_nothing_but_renews_the_lease()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.Do(Claim(issue.Id, Bob));
        var before = rig[issue.Id];
        rig.Now += TimeSpan.FromMinutes(2);
        var renewedAt = rig.Now;

        var again = rig.Do(Claim(issue.Id, Bob));

        Assert.IsType<ClaimRenewed>(Assert.Single(again.Events));
        Assert.Equal(before, again.Issue);
        Assert.Equal(renewedAt + ClaimLeases.DefaultLength, rig.State.Leases[issue.Id].Until);
    }

    [Fact]
    public void An_open_issue_already_assigned_to_the_claimer_can_be_claimed()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Assignee = Bob });
        rig.Do(Claim(issue.Id, Bob));
        Assert.Equal("in_progress", rig[issue.Id].Status);
    }

    [Fact]
    public void Two_agents_claiming_get_one_winner_and_a_refusal_naming_the_holder()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.Do(Claim(issue.Id, Bob));

        var refusal = rig.Refuse(Claim(issue.Id, "carol"), ErrorCodes.AlreadyClaimed);

        Assert.Contains($"{issue.Id} is already claimed by {Bob}", refusal.Message);
        Assert.Equal(Bob, rig[issue.Id].Assignee);
    }

    [Fact]
    public void An_open_issue_assigned_to_someone_else_cannot_be_claimed()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Assignee = "carol" });
        var refusal = rig.Refuse(Claim(issue.Id, Bob), ErrorCodes.AlreadyClaimed);
        Assert.Contains("carol", refusal.Message);
    }

    [Theory]
    [InlineData("in_progress")]
    [InlineData("blocked")]
    [InlineData("deferred")]
    [InlineData("closed")]
    [InlineData("pinned")]
    [InlineData("hooked")]
    public void Only_open_issues_can_be_claimed(string status)
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Status = status });
        var refusal = rig.Refuse(Claim(issue.Id, Bob), ErrorCodes.InvalidState);
        Assert.Contains($"its status is {status}", refusal.Message);
        Assert.Contains(issue.Id, refusal.Message);
    }

    [Fact]
    public void Claiming_an_unknown_issue_is_not_found()
    {
        var rig = Initialized();
        rig.Refuse(Claim("bd-zzz", Bob), ErrorCodes.NotFound);
    }
}

public class CloseTests
{
    private static CloseIssue Close(string id, string? reason = null, bool force = false) =>
        new(RigBuilder.Rig, Bob, id, reason, force);

    [Fact]
    public void Closing_sets_status_closed_at_and_reason()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var at = rig.Now;

        var applied = rig.Do(Close(issue.Id, "fixed in abc123"));

        var closed = Assert.IsType<IssueClosed>(Assert.Single(applied.Events));
        Assert.Equal((issue.Id, "fixed in abc123", Bob, at), (closed.IssueId, closed.Reason, closed.Actor, closed.At));
        var after = rig[issue.Id];
        Assert.Equal(("closed", at, "fixed in abc123", at), (after.Status, after.ClosedAt, after.CloseReason, after.UpdatedAt));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void The_default_reason_is_Closed(string? reason)
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.Do(Close(issue.Id, reason));
        Assert.Equal("Closed", rig[issue.Id].CloseReason);
    }

    [Fact]
    public void Closing_keeps_started_at()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var started = rig.Now;
        rig.Do(new ClaimIssue(RigBuilder.Rig, Bob, issue.Id));
        rig.Do(Close(issue.Id));
        Assert.Equal(started, rig[issue.Id].StartedAt);
    }

    [Theory]
    [InlineData("blocks")]
    [InlineData("conditional-blocks")]
    public void An_issue_with_open_blockers_needs_force(string type)
    {
        var rig = Initialized();
        var b1 = rig.Create("b1");
        var b2 = rig.Create("b2");
        var issue = rig.Create("t", c => c with
        {
            Dependencies = [new DependencySpec(type, b1.Id), new DependencySpec(type, b2.Id)],
        });

        var refusal = rig.Refuse(Close(issue.Id), ErrorCodes.NeedsForce);
        Assert.Contains($"cannot close {issue.Id}", refusal.Message);
        Assert.Contains($"{b1.Id}, {b2.Id}", refusal.Message);
        Assert.Contains("--force", refusal.Message);

        rig.Do(Close(issue.Id, force: true));
        Assert.Equal("closed", rig[issue.Id].Status);
    }

    [Fact]
    public void Closed_blockers_do_not_stop_a_close()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var issue = rig.Create("t", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        rig.Do(Close(blocker.Id));
        rig.Do(Close(issue.Id));
        Assert.Equal("closed", rig[issue.Id].Status);
    }

    [Fact]
    public void An_unfinished_waits_for_gate_needs_force()
    {
        var rig = Initialized();
        var spawner = rig.Create("spawner");
        rig.CreateChild(spawner.Id, "spawned");
        var waiter = rig.Create("waiter", c => c with { Dependencies = [new DependencySpec("waits-for", spawner.Id)] });
        Assert.Contains(spawner.Id, rig.Refuse(Close(waiter.Id), ErrorCodes.NeedsForce).Message);
    }

    [Fact]
    public void An_issue_blocked_only_through_its_parent_may_close()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var parent = rig.Create("parent", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        var child = rig.CreateChild(parent.Id, "child");
        rig.Do(Close(child.Id));
        Assert.Equal("closed", rig[child.Id].Status);
    }

    [Fact]
    public void An_epic_with_open_children_needs_force()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var one = rig.CreateChild(epic.Id, "one");
        var two = rig.CreateChild(epic.Id, "two");
        var three = rig.CreateChild(epic.Id, "three");
        rig.Do(Close(one.Id));

        var refusal = rig.Refuse(Close(epic.Id), ErrorCodes.NeedsForce);
        Assert.Contains($"cannot close epic {epic.Id}: 2 open child issue(s) ({two.Id}, {three.Id})", refusal.Message);
        Assert.Contains("--force", refusal.Message);

        rig.Do(Close(epic.Id, force: true));
        Assert.Equal("closed", rig[epic.Id].Status);
        Assert.Equal("open", rig[two.Id].Status);
    }

    [Fact]
    public void An_epic_whose_children_are_done_closes()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("epic");
        var one = rig.CreateChild(epic.Id, "one");
        var two = rig.CreateChild(epic.Id, "two");
        rig.Do(Close(one.Id));
        rig.SetStatus(two.Id, "pinned");
        rig.Do(Close(epic.Id));
        Assert.Equal("closed", rig[epic.Id].Status);
    }

    [Fact]
    public void Only_epics_wait_for_their_children()
    {
        var rig = Initialized();
        var parent = rig.Create("parent task");
        rig.CreateChild(parent.Id, "child");
        rig.Do(Close(parent.Id));
        Assert.Equal("closed", rig[parent.Id].Status);
    }

    [Fact]
    public void A_pinned_issue_needs_force()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Status = "pinned" });
        Assert.Contains($"{issue.Id} is pinned", rig.Refuse(Close(issue.Id), ErrorCodes.NeedsForce).Message);
        rig.Do(Close(issue.Id, force: true));
        Assert.Equal("closed", rig[issue.Id].Status);
    }

    [Fact]
    public void Closing_a_closed_issue_is_refused()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.Do(Close(issue.Id));
        Assert.Contains($"{issue.Id} is already closed", rig.Refuse(Close(issue.Id, force: true), ErrorCodes.InvalidState).Message);
    }

    [Fact]
    public void Closing_a_blocker_unblocks_its_dependents()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var issue = rig.Create("t", c => c with { Dependencies = [new DependencySpec("blocks", blocker.Id)] });
        Assert.True(new Readiness(rig.State, rig.Now).IsBlocked(rig[issue.Id]));
        rig.Do(Close(blocker.Id));
        Assert.False(new Readiness(rig.State, rig.Now).IsBlocked(rig[issue.Id]));
    }
}

public class ReopenTests
{
    private static ReopenIssue Reopen(string id, string? reason = null) => new(RigBuilder.Rig, Bob, id, reason);

    [Fact]
    public void Reopening_clears_closed_at_and_reason()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.Close(issue.Id, reason: "done");
        var at = rig.Now;

        var applied = rig.Do(Reopen(issue.Id, "regressed"));

        var reopened = Assert.IsType<IssueReopened>(Assert.Single(applied.Events));
        Assert.Equal((issue.Id, "regressed", Bob, at), (reopened.IssueId, reopened.Reason, reopened.Actor, reopened.At));
        var after = rig[issue.Id];
        Assert.Equal(("open", at), (after.Status, after.UpdatedAt));
        Assert.Null(after.ClosedAt);
        Assert.Null(after.CloseReason);
    }

    [Fact]
    public void Reopening_a_non_closed_issue_is_a_status_change()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        rig.SetStatus(issue.Id, "in_progress");
        var applied = rig.Do(Reopen(issue.Id));
        var changed = Assert.IsType<IssueStatusChanged>(Assert.Single(applied.Events));
        Assert.Equal(("in_progress", "open"), (changed.From, changed.To));
        Assert.NotNull(rig[issue.Id].StartedAt);
    }

    [Fact]
    public void Reopening_clears_a_deferral()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Status = "deferred", DeferUntil = rig.Now.AddDays(5) });

        var applied = rig.Do(Reopen(issue.Id));

        Assert.IsType<IssueStatusChanged>(applied.Events[0]);
        var cleared = Assert.Single(Assert.IsType<IssueUpdated>(applied.Events[1]).Changes);
        Assert.Equal(("defer_until", (string?)null), (cleared.Field, cleared.New));
        Assert.NotNull(cleared.Old);
        Assert.Equal("open", rig[issue.Id].Status);
        Assert.Null(rig[issue.Id].DeferUntil);
        Assert.Contains(issue.Id, IssueQueries.Ready(rig.State, new GetReadyWork(RigBuilder.Rig, IssueFilter.Any), rig.Now).Value.Select(i => i.Id));
    }

    [Fact]
    public void Reopening_an_open_issue_deferred_by_date_clears_the_date()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { DeferUntil = rig.Now.AddDays(5) });

        var applied = rig.Do(Reopen(issue.Id));

        var cleared = Assert.Single(Assert.IsType<IssueUpdated>(Assert.Single(applied.Events)).Changes);
        Assert.Equal("defer_until", cleared.Field);
        Assert.Null(rig[issue.Id].DeferUntil);
        Assert.Equal("open", rig[issue.Id].Status);
    }

    [Fact]
    public void Reopening_an_open_issue_is_refused()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        Assert.Contains($"{issue.Id} is already open", rig.Refuse(Reopen(issue.Id), ErrorCodes.InvalidState).Message);
    }
}

public class CommentTests
{
    [Fact]
    public void Comments_are_numbered_across_the_rig()
    {
        var rig = Initialized();
        var a = rig.Create("a");
        var b = rig.Create("b");
        var at = rig.Now;

        var first = rig.Do(new AddComment(RigBuilder.Rig, Bob, a.Id, "looks odd"));
        rig.Do(new AddComment(RigBuilder.Rig, Alice, b.Id, "agreed"));

        var added = Assert.IsType<CommentAdded>(Assert.Single(first.Events));
        var comment = Assert.IsType<CommentResult>(first.Reply).Comment;
        Assert.Equal(added.Comment, comment);
        Assert.Equal((CommentId.FromNumber(1), a.Id, Bob, "looks odd", at),
            (comment.Id, comment.IssueId, comment.Author, comment.Text, comment.CreatedAt));
        Assert.Equal(comment, Assert.Single(rig[a.Id].Comments));
        Assert.Equal(CommentId.FromNumber(2), Assert.Single(rig[b.Id].Comments).Id);
        Assert.Equal(2, rig.State.LastCommentNumber);
        Assert.Equal(at, rig[a.Id].UpdatedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public void An_empty_comment_is_refused(string text)
    {
        var rig = Initialized();
        var a = rig.Create("a");
        Assert.Contains("comment is empty", rig.Refuse(new AddComment(RigBuilder.Rig, Bob, a.Id, text), ErrorCodes.InvalidArgument).Message);
    }

    [Fact]
    public void Imported_string_comment_ids_do_not_disturb_the_numbering()
    {
        var rig = Initialized();
        var issue = new Issue
        {
            Id = "bd-imp", Title = "imported", Status = "open", IssueType = "task", CreatedAt = rig.Now, UpdatedAt = rig.Now,
            Comments =
            [
                new Comment { Id = new CommentId("0190c5f2-uuid", false), Author = "x", Text = "new style", CreatedAt = rig.Now },
                new Comment { Id = CommentId.FromNumber(7), Author = "x", Text = "old style", CreatedAt = rig.Now },
            ],
        };
        var state = rig.State.Apply(new IssueCreated(issue, rig.Now, Alice));
        Assert.Equal(7, state.LastCommentNumber);
        var decision = RigDecider.Decide(state, new AddComment(RigBuilder.Rig, Bob, "bd-imp", "next"), rig.Now);
        Assert.Equal(CommentId.FromNumber(8), Assert.IsType<CommentResult>(decision.Value.Reply(state)).Comment.Id);
    }
}

public class AuditTests
{
    [Fact]
    public void Every_change_is_recorded_as_an_event_with_actor_and_time()
    {
        var rig = Initialized();
        var blocker = rig.Create("blocker");
        var start = rig.Now;
        var issue = rig.Create("t");
        rig.Update(issue.Id, "priority", "1");
        rig.SetStatus(issue.Id, "blocked");
        rig.SetStatus(issue.Id, "open");
        rig.Do(new ClaimIssue(RigBuilder.Rig, Bob, issue.Id));
        rig.Link(issue.Id, blocker.Id);
        rig.Do(new RemoveDependency(RigBuilder.Rig, Alice, issue.Id, blocker.Id));
        rig.Do(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { AddLabels = ["x"] });
        rig.Do(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { RemoveLabels = ["x"] });
        rig.Do(new AddComment(RigBuilder.Rig, Alice, issue.Id, "note"));
        rig.Close(issue.Id);
        rig.Do(new ReopenIssue(RigBuilder.Rig, Alice, issue.Id));

        var trail = rig.History.SkipWhile(e => e is not IssueCreated { Issue.Title: "t" }).ToList();
        Assert.Equal(
            [typeof(IssueCreated), typeof(IssueUpdated), typeof(IssueStatusChanged), typeof(IssueStatusChanged),
             typeof(IssueClaimed), typeof(DependencyAdded), typeof(DependencyRemoved), typeof(LabelAdded),
             typeof(LabelRemoved), typeof(CommentAdded), typeof(IssueClosed), typeof(IssueReopened)],
            trail.Select(e => e.GetType()));
        Assert.Equal(Enumerable.Range(0, trail.Count).Select(i => start + i * Step), trail.Select(e => e.At));
        Assert.Equal(Bob, trail.OfType<IssueClaimed>().Single().Actor);
        Assert.All(trail.Where(e => e is not IssueClaimed), e => Assert.Equal(Alice, e.Actor));
    }

    [Fact]
    public void A_refused_command_records_nothing()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var count = rig.History.Count;
        rig.Refuse(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { Fields = Fields(("title", "ok"), ("priority", "9")) },
            ErrorCodes.InvalidArgument);
        Assert.Equal(count, rig.History.Count);
        Assert.Equal("t", rig[issue.Id].Title);
    }

    [Fact]
    public void Decide_is_pure()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var before = rig.State;
        var command = new CloseIssue(RigBuilder.Rig, Alice, issue.Id, "done");

        var first = RigDecider.Decide(before, command, rig.Now);
        var second = RigDecider.Decide(before, command, rig.Now);

        Assert.Equal(first.Value.Events, second.Value.Events);
        Assert.Equal("open", before.Issues[issue.Id].Status);
        Assert.Equal("closed", first.Value.Events.Aggregate(before, (s, e) => s.Apply(e)).Issues[issue.Id].Status);
        Assert.Equal("open", before.Issues[issue.Id].Status);
    }

    [Fact]
    public void The_reply_shows_the_state_after_the_events()
    {
        var rig = Initialized();
        var issue = rig.Create("t");
        var decision = rig.Decide(new ClaimIssue(RigBuilder.Rig, Bob, issue.Id));
        var after = decision.Value.Events.Aggregate(rig.State, (s, e) => s.Apply(e));
        Assert.Equal(Bob, Assert.IsType<IssueResult>(decision.Value.Reply(after)).Issue.Assignee);
    }

    [Fact]
    public void Json_metadata_change_is_recorded_in_canonical_form()
    {
        var rig = Initialized();
        var issue = rig.Create("t", c => c with { Metadata = """{"a": 1}""" });
        rig.Update(issue.Id, "metadata", """[ true ]""");
        var change = Assert.Single(Assert.IsType<IssueUpdated>(rig.History[^1]).Changes);
        Assert.Equal(new FieldChange("metadata", """{"a":1}""", "[true]"), change);
        Assert.Equal(JsonValueKind.Array, rig[issue.Id].Metadata!.Value.ValueKind);
    }
}

public class GuardedChangeTests
{
    [Fact]
    public void A_change_made_only_if_the_issue_is_still_as_seen_is_refused_once_it_is_not()
    {
        var rig = RigBuilder.Initialized();
        var issue = rig.Create("contested");
        rig.Do(new ClaimIssue(RigBuilder.Rig, RigBuilder.Bob, issue.Id));
        var before = rig.State;

        var update = new UpdateIssue(RigBuilder.Rig, RigBuilder.Alice, issue.Id)
        {
            Fields = RigBuilder.Fields(("notes", "mine now")), Expected = new IssueExpectation("", "open"),
        };
        Assert.Contains($"{issue.Id} is assigned to bob, not nobody", rig.Refuse(update, ErrorCodes.PreconditionFailed).Message);
        Assert.Contains("is in_progress, not open",
            rig.Refuse(new CloseIssue(RigBuilder.Rig, RigBuilder.Bob, issue.Id) { Expected = new IssueExpectation(null, "open") }, ErrorCodes.PreconditionFailed).Message);
        Assert.Same(before, rig.State);

        var closed = rig.Do(new CloseIssue(RigBuilder.Rig, RigBuilder.Bob, issue.Id) { Expected = new IssueExpectation(RigBuilder.Bob, "in-progress") }).Issue;
        Assert.Equal("closed", closed.Status);
    }
}

public class ReclaimTests
{
    [Fact]
    public void Claims_untouched_for_the_time_asked_go_back_to_open_work_and_the_trail_says_whose_they_were()
    {
        var rig = RigBuilder.Initialized();
        var old = rig.Create("abandoned");
        rig.Do(new ClaimIssue(RigBuilder.Rig, RigBuilder.Bob, old.Id));
        rig.Now += TimeSpan.FromHours(2);
        var fresh = rig.Create("being worked on");
        rig.Do(new ClaimIssue(RigBuilder.Rig, RigBuilder.Alice, fresh.Id));

        var applied = rig.Do(new ReclaimIssues(RigBuilder.Rig, RigBuilder.Alice, TimeSpan.FromHours(1)));

        Assert.Equal([old.Id], Assert.IsType<IssueSummaries>(applied.Reply).Issues.Select(s => s.Issue.Id));
        Assert.Equal(("open", null), (rig[old.Id].Status, rig[old.Id].Assignee));
        Assert.Equal(("in_progress", RigBuilder.Alice), (rig[fresh.Id].Status, rig[fresh.Id].Assignee));
        var moved = Assert.Single(applied.Events.OfType<IssueStatusChanged>());
        Assert.StartsWith("reclaimed: bob's claim had no change since", moved.Reason);
        Assert.Equal(ErrorCodes.InvalidArgument, rig.Refuse(new ReclaimIssues(RigBuilder.Rig, RigBuilder.Alice, TimeSpan.Zero), ErrorCodes.InvalidArgument).Code);
    }
}
