using System.Text;
using System.Text.Json;
using Beads.Actors.Jsonl;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Jsonl;

public class JsonlWriterTests
{
    private static readonly DateTimeOffset Pacific = new(2025, 11, 2, 21, 58, 7, TimeSpan.FromHours(-8));

    private static Issue Minimal(string id = "bd-a1") => new()
    {
        Id = id, Title = "t", Status = "open", IssueType = "task", CreatedAt = Pacific, UpdatedAt = Pacific,
    };

    private static string Line(Issue issue) => Encoding.UTF8.GetString(JsonlWriter.Serialize(issue).Utf8.Span);

    private static Dictionary<string, JsonElement> Extra(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    [Fact]
    public void Fields_come_in_beads_order_with_unknown_fields_last_and_empty_ones_left_out()
    {
        var issue = Minimal() with
        {
            Description = "", Notes = "n", Priority = 0, Assignee = "bob", EstimatedMinutes = 0,
            CreatedBy = "alice", ClosedAt = Pacific.AddHours(1), Status = "closed", CloseReason = "done",
            Metadata = JsonDocument.Parse("""{"k": [1, 2]}""").RootElement.Clone(),
            Labels = ["api", "ui"],
            Dependencies =
            [
                new Dependency { IssueId = "bd-a1", DependsOnId = "bd-b2", Type = "blocks", CreatedAt = Pacific, Metadata = "{}" },
            ],
            Comments = [new Comment { Id = CommentId.FromNumber(3), IssueId = "bd-a1", Author = "a", Text = "<b> & ✓", CreatedAt = Pacific }],
            Extra = Extra("""{"ephemeral":true,"deleted_at":"2026-01-01T00:00:00Z"}"""),
        };

        Assert.Equal(
            """{"id":"bd-a1","title":"t","notes":"n","status":"closed","priority":0,"issue_type":"task","assignee":"bob","estimated_minutes":0,"created_at":"2025-11-02T21:58:07-08:00","created_by":"alice","updated_at":"2025-11-02T21:58:07-08:00","closed_at":"2025-11-02T22:58:07-08:00","close_reason":"done","metadata":{"k":[1,2]},"labels":["api","ui"],"dependencies":[{"issue_id":"bd-a1","depends_on_id":"bd-b2","type":"blocks","created_at":"2025-11-02T21:58:07-08:00","metadata":"{}"}],"comments":[{"id":3,"issue_id":"bd-a1","author":"a","text":"<b> & ✓","created_at":"2025-11-02T21:58:07-08:00"}],"ephemeral":true,"deleted_at":"2026-01-01T00:00:00Z"}""",
            Line(issue));
    }

    [Fact]
    public void A_minimal_issue_still_has_its_priority_and_both_timestamps()
    {
        Assert.Equal(
            """{"id":"bd-a1","title":"t","status":"open","priority":2,"issue_type":"task","created_at":"2025-11-02T21:58:07-08:00","updated_at":"2025-11-02T21:58:07-08:00"}""",
            Line(Minimal()));
    }

    [Fact]
    public void New_timestamps_are_utc_and_written_with_Z_and_a_trimmed_fraction()
    {
        var utc = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(5_000_000);
        Assert.Contains("\"updated_at\":\"2026-03-01T09:00:00.5Z\"", Line(Minimal() with { UpdatedAt = utc }));
    }

    [Fact]
    public void Comment_ids_are_written_as_the_number_or_string_they_were()
    {
        var comment = new Comment { Id = new CommentId("019b-uuid", false), Author = "a", Text = "t", CreatedAt = Pacific };
        Assert.Contains("\"id\":\"019b-uuid\"", Line(Minimal() with { Comments = [comment] }));
        Assert.Contains("\"id\":12", Line(Minimal() with { Comments = [comment with { Id = CommentId.FromNumber(12) }] }));
    }

    [Fact]
    public void Timestamps_read_with_nanoseconds_are_written_back_as_read_until_they_change()
    {
        const string text = """{"id":"bd-a1","title":"t","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-11T10:33:47.889461234-08:00","updated_at":"2026-01-11T10:33:47.1+00:00","dependencies":[{"issue_id":"bd-a1","depends_on_id":"bd-b2","type":"blocks","created_at":"2026-01-11T10:33:47.000000001Z"}]}""";
        var issue = Assert.Single(JsonlReader.Read(Encoding.UTF8.GetBytes(text)).Issues);

        Assert.Equal(text, Line(issue));

        var changed = Line(issue with { UpdatedAt = issue.UpdatedAt.AddSeconds(1) });
        Assert.Contains("\"updated_at\":\"2026-01-11T10:33:48.1Z\"", changed);
        Assert.Contains("\"created_at\":\"2026-01-11T10:33:47.889461234-08:00\"", changed);
        Assert.DoesNotContain(TimestampsAsRead.Key, changed);
    }

    [Fact]
    public void The_file_sorts_by_id_ordinally_one_issue_per_line()
    {
        using var file = new MemoryStream();
        var issues = new[] { Minimal("bd-b"), Minimal("bd-B"), Minimal("bd-a.10"), Minimal("bd-a.9") };
        JsonlWriter.WriteLines(issues.OrderBy(issue => issue.Id, JsonlWriter.FileOrder).Select(JsonlWriter.Serialize), file);

        var lines = Encoding.UTF8.GetString(file.ToArray()).Split('\n');
        Assert.Equal(["bd-B", "bd-a.10", "bd-a.9", "bd-b", ""],
            lines.Select(line => line.Length == 0 ? "" : JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public void The_same_issue_always_gives_the_same_bytes()
    {
        var issue = Minimal() with { Labels = ["x"], Extra = Extra("""{"pinned":true}""") };
        Assert.True(JsonlWriter.Serialize(issue).HasSameBytes(JsonlWriter.Serialize(issue with { })));
        Assert.False(JsonlWriter.Serialize(issue).HasSameBytes(JsonlWriter.Serialize(issue with { Title = "u" })));
    }
}
