using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class DeferralTests
{
    [Fact]
    public void A_deferred_issue_is_due_back_at_its_time_and_the_release_opens_only_those_due()
    {
        var rig = Initialized();
        var soon = rig.Create("soon");
        var later = rig.Create("later");
        var open = rig.Create("open, kept out of ready until its date", c => c with { DeferUntil = Start.AddDays(1) });
        rig.Do(new UpdateIssue(Rig, Alice, soon.Id) { Fields = Fields(("status", "deferred"), ("defer_until", "2026-03-02T00:00:00Z")) });
        rig.Do(new UpdateIssue(Rig, Alice, later.Id) { Fields = Fields(("status", "deferred"), ("defer_until", "2026-03-05T00:00:00Z")) });

        Assert.Equal(DateTimeOffset.Parse("2026-03-02T00:00:00Z"), Deferrals.NextDue(rig.State));
        Assert.Empty(rig.Do(new ReleaseDueDeferrals(Rig, RigSelf.Actor)).Events);

        rig.Now = DateTimeOffset.Parse("2026-03-03T00:00:00Z");
        var released = rig.Do(new ReleaseDueDeferrals(Rig, RigSelf.Actor));

        Assert.Equal([soon.Id], Assert.IsType<IssueSummaries>(released.Reply).Issues.Select(s => s.Issue.Id));
        Assert.Equal(("open", null), (rig[soon.Id].Status, rig[soon.Id].DeferUntil));
        Assert.Equal("deferred", rig[later.Id].Status);
        Assert.NotNull(rig[open.Id].DeferUntil);
        Assert.Equal(DateTimeOffset.Parse("2026-03-05T00:00:00Z"), Deferrals.NextDue(rig.State));
        Assert.All(released.Events, e => Assert.Equal(RigSelf.Actor, e.Actor));
    }

    [Fact]
    public void Only_the_change_that_defers_an_issue_to_a_time_arms_the_timer()
    {
        var rig = Initialized();
        var issue = rig.Create("to defer");
        var before = rig.State;
        var dated = rig.Do(new UpdateIssue(Rig, Alice, issue.Id) { Fields = Fields(("status", "deferred"), ("defer_until", "2026-04-01T00:00:00Z")) });

        // Each event as the rig sees it, on the state it leaves: the date comes first, while the issue is still open,
        // and the status move is what makes it due back.
        var armed = new List<DateTimeOffset?>();
        foreach (var change in dated.Events)
        {
            before = before.Apply(change);
            armed.Add(Deferrals.ArmedBy(change, before));
        }
        Assert.Equal([null, DateTimeOffset.Parse("2026-04-01T00:00:00Z")], armed);
        Assert.Null(Deferrals.ArmedBy(rig.Do(new UpdateIssue(Rig, Alice, issue.Id) { Fields = Fields(("title", "renamed")) }).Events[0], rig.State));
    }

    [Fact]
    public void Undefer_opens_a_deferred_issue_and_refuses_one_that_is_not()
    {
        var rig = Initialized();
        var issue = rig.Create("deferred");
        rig.Do(new UpdateIssue(Rig, Alice, issue.Id) { Fields = Fields(("status", "deferred"), ("defer_until", "2026-04-01T00:00:00Z")) });

        var undeferred = rig.Do(new UndeferIssue(Rig, Bob, issue.Id)).Issue;

        Assert.Equal(("open", null), (undeferred.Status, undeferred.DeferUntil));
        Assert.Contains("is not deferred (status: open)", rig.Refuse(new UndeferIssue(Rig, Bob, issue.Id), ErrorCodes.InvalidState).Message);
        Assert.Null(Deferrals.NextDue(rig.State));
    }
}
