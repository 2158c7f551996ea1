using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class AnsweredRequestsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static RequestAnswered Answered(string id, DateTimeOffset at) =>
        new(id, null, new Rejected("x", id), at, Alice);

    [Fact]
    public void A_request_is_found_by_its_id_until_the_retention_has_passed_since_it_was_answered()
    {
        var requests = AnsweredRequests.None
            .Add(Answered("old", Start))
            .Add(Answered("newer", Start + TimeSpan.FromSeconds(30)))
            .Add(Answered("latest", Start + AnsweredRequests.None.Retention));

        Assert.NotNull(requests.Find("old"));

        requests = requests.Add(Answered("later", Start + AnsweredRequests.None.Retention + TimeSpan.FromSeconds(1)));

        Assert.Null(requests.Find("old"));
        Assert.Equal(["newer", "latest", "later"], requests.All.Select(r => r.RequestId));
    }

    [Fact]
    public void At_most_the_capacity_is_remembered_and_the_oldest_go_first()
    {
        var requests = Enumerable.Range(0, AnsweredRequests.None.Capacity + 5)
            .Aggregate(AnsweredRequests.None, (all, n) => all.Add(Answered($"r{n}", Start)));

        Assert.Equal(AnsweredRequests.None.Capacity, requests.Count);
        Assert.Null(requests.Find("r4"));
        Assert.NotNull(requests.Find("r5"));
    }

    [Fact]
    public void An_issue_answer_is_kept_as_its_id_and_answered_with_the_issue_as_it_is_now()
    {
        var rig = Initialized();
        var issue = rig.Create("the issue");
        var remembered = RequestAnswered.Of("req", new IssueResult(issue), rig.Now, Alice);
        rig.Do(new UpdateIssue(RigBuilder.Rig, Alice, issue.Id) { Fields = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("title", "renamed") });

        Assert.Equal((issue.Id, null), (remembered.IssueId, remembered.Reply));
        Assert.Equal("renamed", Assert.IsType<IssueResult>(remembered.ReplyIn(rig.State)).Issue.Title);
    }

    [Fact]
    public void Any_other_answer_is_kept_whole()
    {
        var reply = new CommentResult(new Comment { Id = CommentId.FromNumber(1), Author = Alice, Text = "hi", CreatedAt = Start });
        var remembered = RequestAnswered.Of("req", reply, Start, Alice);

        Assert.Same(reply, remembered.ReplyIn(RigState.Empty));
    }

    [Fact]
    public void The_requests_survive_a_snapshot_and_a_replay_alike()
    {
        var rig = Initialized();
        rig.Create("one");
        var state = rig.State.Apply(Answered("a", rig.Now)).Apply(Answered("b", rig.Now));

        var restored = RigState.Restore(state.ToSnapshot());

        Assert.Equal(["a", "b"], restored.AnsweredRequests.All.Select(r => r.RequestId));
        Assert.NotNull(restored.AnsweredRequests.Find("b"));
    }

    [Fact]
    public void A_keyed_answer_is_found_by_its_key_for_a_day_and_answers_without_a_key_are_not_kept_in_that_book()
    {
        var keyed = Answered("req-1", Start) with { IdempotencyKey = "deploy-42", Fingerprint = "abc" };
        var state = RigState.Empty.Apply(keyed).Apply(Answered("req-2", Start));

        Assert.Same(keyed, state.KeyedRequests.Find("deploy-42"));
        Assert.Null(state.KeyedRequests.Find("req-2"));
        Assert.Equal(1, state.KeyedRequests.Count);
        Assert.NotNull(state.AnsweredRequests.Find("req-1"));

        var nextMorning = state.Apply(Answered("req-3", Start + TimeSpan.FromHours(20)) with { IdempotencyKey = "other" });
        Assert.NotNull(nextMorning.KeyedRequests.Find("deploy-42"));
        Assert.Null(nextMorning.AnsweredRequests.Find("req-1"));
        var dayAfter = nextMorning.Apply(Answered("req-4", Start + TimeSpan.FromHours(25)) with { IdempotencyKey = "late" });
        Assert.Null(dayAfter.KeyedRequests.Find("deploy-42"));

        var restored = RigState.Restore(nextMorning.ToSnapshot());
        Assert.Equal(["deploy-42", "other"], restored.KeyedRequests.All.Select(r => r.IdempotencyKey));
    }

    [Fact]
    public void The_fingerprint_of_a_command_tells_another_change_from_the_same_one()
    {
        var create = new CreateIssue(RigBuilder.Rig, Alice, "title");
        Assert.Equal(RequestFingerprint.Of(create), RequestFingerprint.Of(create with { }));
        Assert.NotEqual(RequestFingerprint.Of(create), RequestFingerprint.Of(create with { Title = "other" }));
        Assert.NotEqual(RequestFingerprint.Of(create), RequestFingerprint.Of(create with { Actor = Bob }));
    }
}
