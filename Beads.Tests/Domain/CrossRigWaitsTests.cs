using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

/// <summary>
/// Readiness across rigs without actors: rig A's issue waits for rig B's, and the letters between them are carried by
/// hand, as the rigs' region would carry them, so each step (and each lost or repeated letter) can be checked.
/// </summary>
public class CrossRigWaitsTests
{
    private const string WaitingRig = "demo";
    private const string HoldingRig = "other";

    private readonly RigBuilder _a = Initialized("ap");
    private readonly RigBuilder _b = Initialized("bp");

    private static AddDependency WaitFor(string issue, string reference, string? otherRig = HoldingRig) =>
        new(Rig, Alice, issue, reference) { OtherRig = otherRig };

    /// <summary>What B does with a watch, as the rig actor does: the first one is journaled.</summary>
    private void Deliver(WatchIssue watch) =>
        _b.Took(new IssueWatched(watch.IssueId, watch.WatcherRig, watch.Reference, _b.Now, watch.WatcherRig));

    private void Deliver(IssueNotice notice) =>
        _a.Took(new RemoteIssueHeard(notice.Reference, notice.Resolved, notice.Number, _a.Now, notice.FromRig));

    private void Acknowledge(IssueNotice notice) =>
        _b.Took(new WatcherAcknowledged(notice.IssueId, WaitingRig, notice.Number, _b.Now, WaitingRig));

    private bool ReadyInA(string id) => new Readiness(_a.State, _a.Now).IsReady(_a[id], includeOrchestration: false);

    [Fact]
    public void An_issue_waiting_for_another_rigs_issue_is_ready_once_that_rig_says_it_is_closed_and_not_before()
    {
        var held = _b.Create("the api");
        var waiting = _a.Create("the client");
        var reference = ExternalReference.Of("bp", held.Id);

        var events = _a.Do(WaitFor(waiting.Id, reference)).Events;
        Assert.Contains(events, e => e is RemoteWaitStarted { Rig: HoldingRig } started && started.IssueId == held.Id);
        Assert.False(ReadyInA(waiting.Id)); // not heard yet: it waits
        var watch = Assert.IsType<WatchIssue>(Assert.Single(_a.State.CrossRig.Owed(WaitingRig)));
        Assert.Equal((HoldingRig, WaitingRig, held.Id), (watch.Rig, watch.WatcherRig, watch.IssueId));

        Deliver(watch);
        var first = Assert.IsType<IssueNotice>(Assert.Single(_b.State.CrossRig.Owed(HoldingRig)));
        Assert.False(first.Resolved);
        Deliver(first);
        Assert.Empty(_a.State.CrossRig.Owed(WaitingRig)); // heard: no more watches sent
        Acknowledge(first);
        Assert.Empty(_b.State.CrossRig.Owed(HoldingRig));
        Assert.False(ReadyInA(waiting.Id));

        _b.Update(held.Id, "title", "the api, renamed"); // not a change of resolution: nothing owed
        Assert.Empty(_b.State.CrossRig.Owed(HoldingRig));

        _b.Close(held.Id);
        var closed = Assert.IsType<IssueNotice>(Assert.Single(_b.State.CrossRig.Owed(HoldingRig)));
        Assert.True(closed.Resolved);
        Assert.True(closed.Number > first.Number);
        Deliver(closed);
        Assert.True(ReadyInA(waiting.Id));

        // The first notice arriving late (a copy resent before its acknowledgement landed) changes nothing.
        Deliver(first);
        Assert.True(ReadyInA(waiting.Id));
        Assert.Single(_b.State.CrossRig.Owed(HoldingRig)); // owed until acknowledged
        Acknowledge(closed);
        Assert.Empty(_b.State.CrossRig.Owed(HoldingRig));

        _b.Do(new ReopenIssue(Rig, Alice, held.Id, "not done after all"));
        Deliver(Assert.IsType<IssueNotice>(Assert.Single(_b.State.CrossRig.Owed(HoldingRig))));
        Assert.False(ReadyInA(waiting.Id));
    }

    [Fact]
    public void A_deleted_issue_holds_nothing_back_and_a_removed_edge_stops_the_wait()
    {
        var held = _b.Create("gone soon");
        var waiting = _a.Create("waits");
        var reference = ExternalReference.Of("bp", held.Id);
        _a.Do(WaitFor(waiting.Id, reference));
        Deliver(Assert.IsType<WatchIssue>(Assert.Single(_a.State.CrossRig.Owed(WaitingRig))));

        _b.Do(new DeleteIssues(Rig, Alice, [held.Id]) { Force = true });
        var notice = Assert.IsType<IssueNotice>(Assert.Single(_b.State.CrossRig.Owed(HoldingRig)));
        Assert.True(notice.Resolved);

        _a.Do(new RemoveDependency(Rig, Alice, waiting.Id, reference));
        Assert.Empty(_a.State.CrossRig.Blockers);
        Deliver(notice); // kept by nobody: the rig acknowledges it and moves on
        Assert.Empty(_a.State.CrossRig.Blockers);
        Assert.True(ReadyInA(waiting.Id));
    }

    [Fact]
    public void Only_blocking_edges_wait_and_only_for_a_rig_bd_named()
    {
        var waiting = _a.Create("waits");
        Assert.Contains("no rig of this host holds that issue",
            _a.Refuse(WaitFor(waiting.Id, "external:zz:zz-1", otherRig: null), ErrorCodes.InvalidArgument).Message);
        Assert.Contains("across rigs",
            _a.Refuse(WaitFor(waiting.Id, "external:bp:bp-1") with { Type = "parent-child" }, ErrorCodes.InvalidArgument).Message);

        var related = _a.Do(WaitFor(waiting.Id, "external:bp:bp-1") with { Type = "related" }).Events;
        Assert.IsType<DependencyAdded>(Assert.Single(related));
        Assert.True(ReadyInA(waiting.Id));
    }

    [Fact]
    public void The_waits_survive_a_snapshot_both_ways()
    {
        var held = _b.Create("held");
        var waiting = _a.Create("waits");
        _a.Do(WaitFor(waiting.Id, ExternalReference.Of("bp", held.Id)));
        Deliver(Assert.IsType<WatchIssue>(Assert.Single(_a.State.CrossRig.Owed(WaitingRig))));
        _b.Close(held.Id);

        var a = RigState.Restore(_a.State.ToSnapshot());
        var b = RigState.Restore(_b.State.ToSnapshot());
        Assert.Equal(_a.State.CrossRig.Owed(WaitingRig), a.CrossRig.Owed(WaitingRig));
        Assert.Equal(_b.State.CrossRig.Owed(HoldingRig), b.CrossRig.Owed(HoldingRig));
        Assert.True(Assert.IsType<IssueNotice>(Assert.Single(b.CrossRig.Owed(HoldingRig))).Resolved);
    }
}
