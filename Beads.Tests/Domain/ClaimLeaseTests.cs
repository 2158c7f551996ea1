using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

/// <summary>A claim's lease: given by the claim, renewed by its holder only, ended by anything that ends the claim, and
/// when it runs out the work is open again for anyone.</summary>
public class ClaimLeaseTests
{
    private static ClaimIssue Claim(string id, string actor) => new(Rig, actor, id);

    [Fact]
    public void A_claim_holds_a_lease_of_the_rigs_length_and_only_its_holder_renews_it()
    {
        var rig = Initialized();
        var issue = rig.Create("work");
        var claimedAt = rig.Now;
        rig.Do(Claim(issue.Id, Bob));
        Assert.Equal(new ClaimLease(Bob, claimedAt + ClaimLeases.DefaultLength), rig.State.Leases[issue.Id]);
        Assert.Equal(claimedAt + ClaimLeases.DefaultLength, ClaimLeases.NextExpiry(rig.State));

        var beatAt = rig.Now;
        var renewed = Assert.IsType<ClaimLeaseResult>(rig.Do(new RenewClaim(Rig, Bob, issue.Id)).Reply);
        Assert.Equal(beatAt + ClaimLeases.DefaultLength, renewed.LeaseUntil);
        Assert.Equal(issue.Id, renewed.Issue.Id);

        var refused = rig.Refuse(new RenewClaim(Rig, Alice, issue.Id), ErrorCodes.PreconditionFailed);
        Assert.Contains("assigned to bob", refused.Message);
        Assert.Equal(beatAt + ClaimLeases.DefaultLength, rig.State.Leases[issue.Id].Until);
    }

    [Fact]
    public void A_lease_run_out_puts_the_work_back_open_and_unassigned_saying_whose_it_was()
    {
        var rig = Initialized();
        var kept = rig.Create("kept alive");
        var dropped = rig.Create("abandoned");
        rig.Do(Claim(kept.Id, Alice));
        var droppedAt = rig.Now;
        rig.Do(Claim(dropped.Id, Bob));
        rig.Now = droppedAt + TimeSpan.FromMinutes(4);
        rig.Do(new RenewClaim(Rig, Alice, kept.Id));

        rig.Now = droppedAt + ClaimLeases.DefaultLength - TimeSpan.FromSeconds(1);
        Assert.Empty(rig.Do(new ReleaseExpiredLeases(Rig, RigSelf.Actor)).Events);

        rig.Now = droppedAt + ClaimLeases.DefaultLength;
        var released = rig.Do(new ReleaseExpiredLeases(Rig, RigSelf.Actor));

        Assert.Equal([dropped.Id], Assert.IsType<IssueSummaries>(released.Reply).Issues.Select(s => s.Issue.Id));
        Assert.Equal(("open", null), (rig[dropped.Id].Status, rig[dropped.Id].Assignee));
        var why = Assert.IsType<IssueStatusChanged>(released.Events[0]);
        Assert.StartsWith("lease expired: bob's claim was not renewed by", why.Reason);
        Assert.Equal(("in_progress", Alice), (rig[kept.Id].Status, rig[kept.Id].Assignee));
        Assert.False(rig.State.Leases.ContainsKey(dropped.Id));
        Assert.Equal([kept.Id], rig.State.Leases.Keys);
        // The holder whose lease ran out learns it when they beat again, and may claim again.
        rig.Refuse(new RenewClaim(Rig, Bob, dropped.Id), ErrorCodes.PreconditionFailed);
        rig.Do(Claim(dropped.Id, Bob));
    }

    [Fact]
    public void Whatever_ends_the_claim_ends_its_lease()
    {
        var rig = Initialized();
        var closed = rig.Create("closed");
        var handedOver = rig.Create("handed over");
        var blocked = rig.Create("blocked");
        var gone = rig.Create("deleted");
        foreach (var issue in new[] { closed, handedOver, blocked, gone }) rig.Do(Claim(issue.Id, Bob));

        rig.Do(new CloseIssue(Rig, Bob, closed.Id, "done"));
        rig.Do(new UpdateIssue(Rig, Alice, handedOver.Id) { Fields = Fields(("assignee", "carol")) });
        rig.Do(new UpdateIssue(Rig, Bob, blocked.Id) { Fields = Fields(("status", "blocked")) });
        rig.Do(new DeleteIssues(Rig, Alice, [gone.Id], Cascade: false, Force: true));

        Assert.Empty(rig.State.Leases);
        Assert.Null(ClaimLeases.NextExpiry(rig.State));
    }

    [Fact]
    public void The_rig_sets_the_lease_length_and_may_turn_leases_off()
    {
        var rig = Initialized();
        rig.Do(new SetRigConfig(Rig, Alice, RigConfigKeys.ClaimLease, "90s"));
        var issue = rig.Create("short lease");
        var claimedAt = rig.Now;
        rig.Do(Claim(issue.Id, Bob));
        Assert.Equal(claimedAt + TimeSpan.FromSeconds(90), rig.State.Leases[issue.Id].Until);

        rig.Do(new SetRigConfig(Rig, Alice, RigConfigKeys.ClaimLease, "0"));
        Assert.Empty(rig.State.Leases);
        var unleased = rig.Create("no lease");
        rig.Do(Claim(unleased.Id, Bob));
        Assert.False(rig.State.Leases.ContainsKey(unleased.Id));
        var beat = Assert.IsType<ClaimLeaseResult>(rig.Do(new RenewClaim(Rig, Bob, unleased.Id)).Reply);
        Assert.Null(beat.LeaseUntil);

        foreach (var bad in new[] { "5", "five minutes", "-5m", "0m", "2d" })
            Assert.Contains("not a lease length", rig.Refuse(new SetRigConfig(Rig, Alice, RigConfigKeys.ClaimLease, bad), ErrorCodes.InvalidArgument).Message);
    }

    [Fact]
    public void Leases_survive_a_snapshot()
    {
        var rig = Initialized();
        var issue = rig.Create("work");
        rig.Do(Claim(issue.Id, Bob));

        var restored = RigState.Restore(rig.State.ToSnapshot());

        Assert.Equal(rig.State.Leases, restored.Leases);
    }

    [Fact]
    public void Claiming_ready_work_takes_the_first_ready_issue_nobody_holds_or_nothing()
    {
        var rig = Initialized();
        var low = rig.Create("low", c => c with { Priority = 3 });
        var urgent = rig.Create("urgent", c => c with { Priority = 0 });
        var taken = rig.Create("taken", c => c with { Priority = 0 });
        rig.Do(Claim(taken.Id, Alice));
        var ready = new ClaimReadyWork(Rig, Bob, new GetReadyWork(Rig, IssueFilter.Any));

        var first = Assert.IsType<IssueSummaries>(rig.Do(ready).Reply);
        Assert.Equal((urgent.Id, Bob), (Assert.Single(first.Issues).Issue.Id, first.Issues[0].Issue.Assignee));
        Assert.Equal(low.Id, Assert.Single(Assert.IsType<IssueSummaries>(rig.Do(ready with { Actor = "carol" }).Reply).Issues).Issue.Id);

        var none = rig.Do(ready);
        Assert.Empty(none.Events);
        Assert.Empty(Assert.IsType<IssueSummaries>(none.Reply).Issues);
        Assert.Null(RigDecider.Claimable(rig.State, ready, rig.Now).Value);
    }
}
