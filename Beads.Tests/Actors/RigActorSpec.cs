using Akka.Actor;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

public sealed class RigActorSpec(ITestOutputHelper output) : RigTestKit(output)
{
    [Fact]
    public async Task An_uninitialised_rig_refuses_commands_and_queries_with_a_clear_error()
    {
        var rig = StartRig("ghost");

        var create = await Ask<Rejected>(rig, new CreateIssue("ghost", Agent, "anything"));
        var list = await Ask<Rejected>(rig, new ListIssues("ghost", IssueFilter.Any));

        Assert.Equal(ErrorCodes.RigNotInitialized, create.Code);
        Assert.Equal(ErrorCodes.RigNotInitialized, list.Code);
        Assert.Contains("bd init", create.Message);
    }

    [Fact]
    public async Task Fifty_concurrent_claims_of_one_issue_give_one_winner_and_forty_nine_refusals_naming_it()
    {
        var rig = StartRig("race");
        await Init(rig, "race");
        var issue = await Create(rig, "race", "contested");

        var replies = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => rig.Ask<IRigReply>(new ClaimIssue("race", $"agent-{i}", issue.Id), AskTimeout)));

        var winner = Assert.Single(replies.OfType<IssueResult>()).Issue;
        var refusals = replies.OfType<Rejected>().ToList();
        Assert.Equal(49, refusals.Count);
        Assert.Equal("in_progress", winner.Status);
        Assert.All(refusals, refusal =>
        {
            Assert.Equal(ErrorCodes.AlreadyClaimed, refusal.Code);
            Assert.Contains(winner.Assignee!, refusal.Message);
        });
        var stored = (await Ask<IssueDetailsResult>(rig, new ShowIssues("race", [issue.Id]))).Issues.Single().Issue;
        Assert.Equal(winner.Assignee, stored.Assignee);
    }
}
