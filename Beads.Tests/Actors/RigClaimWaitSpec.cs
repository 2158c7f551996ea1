using System.Collections.Immutable;
using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>
/// Claims that wait: a <see cref="ClaimReadyWork"/> with nothing ready is kept by the rig and answered with the claim
/// when work comes (a new issue, a close that unblocks, a lapsed lease), each issue to one waiter, in order.
/// </summary>
public sealed class RigClaimWaitSpec(ITestOutputHelper output) : RigTestKit(output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static ClaimReadyWork Waiting(string rig, string actor, TimeSpan wait, IssueFilter? filter = null) =>
        new(rig, actor, new GetReadyWork(rig, filter ?? IssueFilter.Any)) { Wait = wait };

    private static Task<IssueSummaries> Claim(IActorRef rig, ClaimReadyWork wait, string? requestId = null) =>
        Ask<IssueSummaries>(rig, new DeliverOnce(requestId ?? DeliverOnce.NewRequestId(), wait));

    [Fact]
    public async Task Waiters_get_the_new_issues_one_each_in_the_order_they_came_and_the_rest_hear_nothing_when_their_wait_ends()
    {
        var rig = StartRig("line");
        await Init(rig, "line");
        var waits = new List<Task<IssueSummaries>>();
        for (var n = 0; n < 5; n++)
        {
            waits.Add(Claim(rig, Waiting("line", $"agent-{n}", n < 3 ? Long : TimeSpan.FromSeconds(3))));
            // Each parked before the next is sent, so that the line's order is the one asserted below.
            await Ask<RigInfo>(rig, new GetRigInfo("line"));
        }
        Assert.All(waits, wait => Assert.False(wait.IsCompleted));

        var created = new List<Issue>();
        for (var n = 0; n < 3; n++) created.Add(await Create(rig, "line", $"work {n}"));

        var claims = await Task.WhenAll(waits.Take(3));
        Assert.Equal(created.Select(i => i.Id).Order(), claims.Select(c => Assert.Single(c.Issues).Issue.Id).Order());
        Assert.Equal(["agent-0", "agent-1", "agent-2"], claims.Select(c => c.Issues[0].Issue.Assignee));
        Assert.All(claims, c => Assert.Equal("in_progress", c.Issues[0].Issue.Status));
        Assert.All(await Task.WhenAll(waits.Skip(3)), nothing => Assert.Empty(nothing.Issues));
    }

    [Fact]
    public async Task A_close_that_unblocks_work_and_a_lapsed_lease_each_wake_a_waiter()
    {
        var rig = StartRig("wake");
        await Init(rig, "wake");
        await Ask<RigInfo>(rig, new SetRigConfig("wake", Agent, RigConfigKeys.ClaimLease, "1s"));
        var blocker = await Create(rig, "wake", "first");
        var blocked = (await Ask<IssueResult>(rig, new CreateIssue("wake", Agent, "second")
        {
            Dependencies = [new DependencySpec("blocks", blocker.Id)],
        })).Issue;
        await Ask<IssueResult>(rig, new UpdateIssue("wake", Agent, blocker.Id) { Fields = ImmutableDictionary<string, string>.Empty.Add("assignee", "busy") });

        var unblocked = Claim(rig, Waiting("wake", "agent-2", Long));
        await Ask<RigInfo>(rig, new GetRigInfo("wake"));
        Assert.False(unblocked.IsCompleted);
        await Ask<IssueResult>(rig, new CloseIssue("wake", "busy", blocker.Id, "done"));
        Assert.Equal(blocked.Id, Assert.Single((await unblocked).Issues).Issue.Id);

        // agent-2 now holds the only open issue and never renews it: its lease lapses and the next waiter gets it.
        var lapsed = await Claim(rig, Waiting("wake", "agent-3", Long));
        Assert.Equal((blocked.Id, "agent-3"), (lapsed.Issues[0].Issue.Id, lapsed.Issues[0].Issue.Assignee));
    }

    [Fact]
    public async Task A_copy_of_a_waiting_request_keeps_one_place_and_one_sent_after_its_wait_claims_nothing()
    {
        var rig = StartRig("copies");
        await Init(rig, "copies");
        var wait = Waiting("copies", "agent-2", TimeSpan.FromSeconds(2));
        // The first copy's answer goes to the latest copy's sender (the gateway takes whichever comes first).
        _ = Claim(rig, wait, "req-1");
        var copy = Claim(rig, wait, "req-1");
        Assert.Empty((await copy).Issues);

        await Create(rig, "copies", "after the wait");
        Assert.Empty((await Claim(rig, wait, "req-1")).Issues);
        Assert.Equal("open", (await All(rig, "copies")).Single().Status);
    }

    [Fact]
    public async Task A_cancelled_wait_claims_nothing_for_the_agent_that_left()
    {
        var rig = StartRig("gone");
        await Init(rig, "gone");
        var wait = Claim(rig, Waiting("gone", "agent-2", Long), "req-gone");
        await Ask<RigInfo>(rig, new GetRigInfo("gone"));
        rig.Tell(new CancelClaimWait("gone", "req-gone"));
        Assert.Empty((await wait).Issues);

        var issue = await Create(rig, "gone", "nobody waits");
        Assert.Equal(("open", null), ((await All(rig, "gone")).Single().Status, (await All(rig, "gone")).Single().Assignee));
        Assert.Equal(issue.Id, (await All(rig, "gone")).Single().Id);
    }

    [Fact]
    public async Task A_stopping_rig_tells_its_waiters_it_claimed_nothing()
    {
        var rig = StartRig("moving");
        await Init(rig, "moving");
        var wait = Claim(rig, Waiting("moving", "agent-2", Long));
        await Ask<RigInfo>(rig, new GetRigInfo("moving"));

        await Stop(rig);

        Assert.Empty((await wait.WaitAsync(TimeSpan.FromSeconds(10))).Issues);
    }
}
