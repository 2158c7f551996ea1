using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Domain;

/// <summary>The feed's pure parts: the window of latest entries a rig keeps, and the cursor a reader resumes from.</summary>
public sealed class FeedTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static IRigEvent Created(string id) => new IssueCreated(
        new Issue { Id = id, Title = id, Status = "open", IssueType = "task", CreatedAt = At, UpdatedAt = At }, At, "agent-1");

    [Fact]
    public void The_window_keeps_the_latest_entries_and_says_when_a_position_is_older_than_it_holds()
    {
        var window = new FeedWindow(capacity: 2);
        var state = RigState.Empty;
        for (var seq = 1; seq <= 4; seq++)
        {
            var change = Created($"bd-{seq}");
            state = state.Apply(change);
            window.Saw("r", seq, change, state);
        }
        window.Saw("r", 5, new ClaimRenewed("bd-4", At.AddMinutes(5), At, "agent-1"), state);

        Assert.Equal((2L, 5L), (window.Floor, window.Through));
        Assert.Equal([3L, 4L], window.After(2)!.Select(e => e.Seq));
        Assert.Equal([4L], window.After(3)!.Select(e => e.Seq));
        Assert.Empty(window.After(5)!);
        Assert.Null(window.After(1));
        Assert.Equal("bd-4", window.After(3)![0].Issue!.Id);
    }

    [Theory]
    [InlineData("42", true, "42")]
    [InlineData("api:42,web:7", false, "api:42,web:7")]
    [InlineData("web:7, api:42", false, "api:42,web:7")]
    [InlineData("*:5,api:42", false, "*:5,api:42")]
    [InlineData("5", false, "5")]
    public void A_cursor_reads_back_as_it_prints(string text, bool oneRig, string printed)
    {
        var cursor = FeedCursor.Parse(text, out var problem);
        Assert.Null(problem);
        Assert.Equal(printed, cursor!.Format(oneRig));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("api")]
    [InlineData("api:x")]
    [InlineData("api:1,api:2")]
    [InlineData(":3")]
    public void A_malformed_cursor_is_refused_with_the_forms_it_takes(string text)
    {
        Assert.Null(FeedCursor.Parse(text, out var problem));
        Assert.Contains("rig:seq pairs", problem);
    }

    [Fact]
    public void A_rig_the_cursor_does_not_name_starts_at_its_default()
    {
        var cursor = FeedCursor.Parse("*:5,api:42", out _)!;
        Assert.Equal((42L, 5L), (cursor.Of("api"), cursor.Of("web")));
        Assert.True(cursor.Names("api"));
        Assert.False(cursor.Names("web"));
    }
}
