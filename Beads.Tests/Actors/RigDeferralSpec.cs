using System.Collections.Immutable;
using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>An issue deferred until a time comes back by the rig's own timer: nobody asks for it, and a restart keeps it.</summary>
public sealed class RigDeferralSpec(ITestOutputHelper output) : RigTestKit(output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private static Task<IssueResult> DeferFor(IActorRef rig, string name, string id, TimeSpan wait) =>
        Ask<IssueResult>(rig, new UpdateIssue(name, Agent, id)
        {
            Fields = ImmutableDictionary<string, string>.Empty
                .Add("status", "deferred")
                .Add("defer_until", RfcTimestamp.Format(DateTimeOffset.UtcNow + wait)),
        });

    private static async Task<Issue> Show(IActorRef rig, string name, string id) =>
        (await Ask<IssueDetailsResult>(rig, new ShowIssues(name, [id]))).Issues.Single().Issue;

    [Fact]
    public async Task A_deferred_issue_is_open_and_ready_again_when_its_time_comes()
    {
        var rig = StartRig("snooze");
        await Init(rig, "snooze");
        var issue = await Create(rig, "snooze", "after lunch");

        var deferred = (await DeferFor(rig, "snooze", issue.Id, TimeSpan.FromSeconds(1))).Issue;
        Assert.Equal("deferred", deferred.Status);
        Assert.Empty((await Ask<IssueSummaries>(rig, new GetReadyWork("snooze", IssueFilter.Any))).Issues);

        await Poll.Until(async () => (await Show(rig, "snooze", issue.Id)).Status == "open", Generous, "the deferred issue's return");
        var back = await Show(rig, "snooze", issue.Id);
        Assert.Null(back.DeferUntil);
        Assert.Equal([issue.Id], (await Ask<IssueSummaries>(rig, new GetReadyWork("snooze", IssueFilter.Any))).Issues.Select(s => s.Issue.Id));
    }

    [Fact]
    public async Task A_rig_stopped_before_the_time_brings_the_issue_back_after_it_starts_again()
    {
        var rig = StartRig("nap");
        await Init(rig, "nap");
        var issue = await Create(rig, "nap", "tomorrow's work");
        await DeferFor(rig, "nap", issue.Id, TimeSpan.FromSeconds(2));
        await Stop(rig);

        var restarted = StartRig("nap");

        await Poll.Until(async () => (await Show(restarted, "nap", issue.Id)).Status == "open", Generous, "the deferred issue's return after a restart");
        Assert.Null((await Show(restarted, "nap", issue.Id)).DeferUntil);
    }
}
