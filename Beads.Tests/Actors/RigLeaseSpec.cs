using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>
/// A claim whose holder stops renewing it goes back to open work by the rig's own timer: nobody sweeps, a heartbeat
/// keeps it, and a rig stopped meanwhile releases it when it starts again.
/// </summary>
public sealed class RigLeaseSpec(ITestOutputHelper output) : RigTestKit(output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private async Task<IActorRef> RigWithLease(string name, string lease)
    {
        var rig = StartRig(name);
        await Init(rig, name);
        await Ask<RigInfo>(rig, new SetRigConfig(name, Agent, RigConfigKeys.ClaimLease, lease));
        return rig;
    }

    private static async Task<Issue> Show(IActorRef rig, string name, string id) =>
        (await Ask<IssueDetailsResult>(rig, new ShowIssues(name, [id]))).Issues.Single().Issue;

    [Fact]
    public async Task A_claim_nobody_renews_is_open_and_unassigned_again_once_its_lease_runs_out()
    {
        var rig = await RigWithLease("lapse", "1s");
        var issue = await Create(rig, "lapse", "work");
        var claimed = (await Ask<IssueResult>(rig, new ClaimIssue("lapse", "agent-2", issue.Id))).Issue;
        Assert.Equal("in_progress", claimed.Status);

        await Poll.Until(async () => (await Show(rig, "lapse", issue.Id)).Status == "open", Generous, "the lapsed claim's release");
        var back = await Show(rig, "lapse", issue.Id);
        Assert.Null(back.Assignee);
        Assert.Equal([issue.Id], (await Ask<IssueSummaries>(rig, new GetReadyWork("lapse", IssueFilter.Any))).Issues.Select(s => s.Issue.Id));
    }

    [Fact]
    public async Task Heartbeats_keep_a_claim_for_as_long_as_they_come()
    {
        var rig = await RigWithLease("beat", "2s");
        var issue = await Create(rig, "beat", "long work");
        await Ask<IssueResult>(rig, new ClaimIssue("beat", "agent-2", issue.Id));

        // Three lease lengths' worth of heartbeats, one every half lease.
        for (var beat = 0; beat < 6; beat++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var renewed = await Ask<ClaimLeaseResult>(rig, new RenewClaim("beat", "agent-2", issue.Id));
            Assert.Equal(("in_progress", "agent-2"), (renewed.Issue.Status, renewed.Issue.Assignee));
        }

        await Poll.Until(async () => (await Show(rig, "beat", issue.Id)).Status == "open", Generous, "the release after the last heartbeat");
    }

    [Fact]
    public async Task A_rig_stopped_while_a_lease_runs_releases_the_claim_after_it_starts_again()
    {
        var rig = await RigWithLease("moved", "2s");
        var issue = await Create(rig, "moved", "work");
        await Ask<IssueResult>(rig, new ClaimIssue("moved", "agent-2", issue.Id));
        await Stop(rig);

        var restarted = StartRig("moved");

        await Poll.Until(async () => (await Show(restarted, "moved", issue.Id)).Status == "open", Generous, "the release after a restart");
        Assert.Null((await Show(restarted, "moved", issue.Id)).Assignee);
    }
}
