using Akka.Actor;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>
/// A command sent more than once in a <see cref="DeliverOnce"/> (the gateway does so when a rig's node dies under it)
/// is applied once, and every copy gets the first copy's answer: at once, after a crash, and after a snapshot.
/// </summary>
public sealed class RepeatedRequestSpec(ITestOutputHelper output) : RigTestKit(output)
{
    [Fact]
    public async Task Copies_sent_together_make_one_issue_and_all_get_its_answer()
    {
        var rig = StartRig("twice");
        await Init(rig, "twice");
        var request = DeliverOnce.Of(new CreateIssue("twice", Agent, "only once"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Ask<IssueResult>(rig, request)));

        var issue = Assert.Single(await All(rig, "twice"));
        Assert.All(answers, answer => Assert.Equal(issue.Id, answer.Issue.Id));
    }

    [Fact]
    public async Task A_copy_that_arrives_after_a_crash_is_answered_from_the_journal_not_applied_again()
    {
        var rig = StartRig("crashy");
        await Init(rig, "crashy");
        var create = DeliverOnce.Of(new CreateIssue("crashy", Agent, "made before the crash"));
        var made = (await Ask<IssueResult>(rig, create)).Issue;
        var close = DeliverOnce.Of(new CloseIssue("crashy", Agent, made.Id, "done"));
        await Ask<IssueResult>(rig, close);

        Watch(rig);
        rig.Tell(Kill.Instance);
        ExpectTerminated(rig);
        var reborn = StartRig("crashy");

        Assert.Equal(made.Id, (await Ask<IssueResult>(reborn, create)).Issue.Id);
        // Closing twice would be refused (already closed): the copy gets the first answer instead.
        Assert.Equal("closed", (await Ask<IssueResult>(reborn, close)).Issue.Status);
        Assert.Equal([made.Id], (await All(reborn, "crashy")).Select(i => i.Id));
        // A new request with the same content is a new change.
        var again = await Ask<IssueResult>(reborn, DeliverOnce.Of(new CreateIssue("crashy", Agent, "made before the crash")));
        Assert.NotEqual(made.Id, again.Issue.Id);
    }

    [Fact]
    public async Task Requests_answered_before_a_snapshot_are_still_known_after_recovering_from_it()
    {
        var settings = RigSettings.From(SystemConfig) with { SnapshotEvery = 4 };
        var rig = StartRig("snapped", settings);
        await Init(rig, "snapped");
        var comment = DeliverOnce.Of(new AddComment("snapped", Agent, (await Create(rig, "snapped", "talk")).Id, "said once"));
        var first = await Ask<CommentResult>(rig, comment);
        for (var i = 0; i < 6; i++) await Create(rig, "snapped", $"filler {i}");

        Watch(rig);
        Sys.Stop(rig);
        ExpectTerminated(rig);
        var recovered = StartRig("snapped", settings with { RecoverFromSnapshots = true });

        Assert.Equal(first.Comment.Id, (await Ask<CommentResult>(recovered, comment)).Comment.Id);
        Assert.Single((await All(recovered, "snapped")).Single(i => i.Title == "talk").Comments);
    }

    [Fact]
    public async Task A_copy_of_a_refused_request_gets_the_same_refusal_even_if_it_would_now_succeed()
    {
        var rig = StartRig("refused");
        await Init(rig, "refused");
        var issue = await Create(rig, "refused", "contested");
        await Ask<IssueResult>(rig, new ClaimIssue("refused", "agent-2", issue.Id));
        var claim = DeliverOnce.Of(new ClaimIssue("refused", Agent, issue.Id));

        Assert.Equal(ErrorCodes.AlreadyClaimed, (await Ask<Rejected>(rig, claim)).Code);
        await Ask<IssueResult>(rig, new UpdateIssue("refused", "agent-2", issue.Id)
        {
            Fields = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("assignee", "").Add("status", "open"),
        });

        // The sender was told "already claimed"; a late copy must not claim the issue behind its back.
        Assert.Equal(ErrorCodes.AlreadyClaimed, (await Ask<Rejected>(rig, claim)).Code);
        Assert.Null((await All(rig, "refused")).Single().Assignee);
    }

    /// <summary>A clock a test moves by hand: the rig stamps its events, and forgets requests, by it.</summary>
    private sealed class MovableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static DeliverOnce Keyed(IRigCommand command, string key) => DeliverOnce.Of(command) with { IdempotencyKey = key };

    [Fact]
    public async Task A_change_sent_again_under_its_idempotency_key_hours_later_and_after_a_restart_gets_the_first_answer()
    {
        var clock = new MovableClock();
        var settings = RigSettings.From(SystemConfig) with { Clock = clock };
        var rig = StartRig("keyed", settings);
        await Init(rig, "keyed");
        var made = (await Ask<IssueResult>(rig, Keyed(new CreateIssue("keyed", Agent, "made once"), "deploy-1"))).Issue;

        clock.Now += TimeSpan.FromHours(3); // long past what request ids are remembered for
        await Create(rig, "keyed", "something else");
        Watch(rig);
        rig.Tell(Kill.Instance);
        ExpectTerminated(rig);
        rig = StartRig("keyed", settings);

        // A new request (a new bd run) with the same key: the first issue, and no new one.
        Assert.Equal(made.Id, (await Ask<IssueResult>(rig, Keyed(new CreateIssue("keyed", Agent, "made once"), "deploy-1"))).Issue.Id);
        Assert.Equal(2, (await All(rig, "keyed")).Count);

        var reused = await Ask<Rejected>(rig, Keyed(new CreateIssue("keyed", Agent, "another change"), "deploy-1"));
        Assert.Equal(ErrorCodes.IdempotencyConflict, reused.Code);
        Assert.Contains("already named another change", reused.Message);
        Assert.Equal(2, (await All(rig, "keyed")).Count);

        // A day later the key is forgotten, and names a new change.
        clock.Now += TimeSpan.FromHours(25);
        await Ask<IssueResult>(rig, Keyed(new CreateIssue("keyed", Agent, "a day later"), "deploy-2"));
        var anew = await Ask<IssueResult>(rig, Keyed(new CreateIssue("keyed", Agent, "made once"), "deploy-1"));
        Assert.NotEqual(made.Id, anew.Issue.Id);
    }
}
