using System.Text;
using Beads.Actors.Jsonl;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Jsonl;

public class JsonlReaderTests
{
    private const string Good =
        """{"id":"bd-a1","title":"first","status":"open","priority":1,"issue_type":"task","created_at":"2026-01-01T10:00:00Z","updated_at":"2026-01-01T10:00:00Z"}""";

    private static JsonlReadResult Read(params string[] lines) =>
        JsonlReader.Read(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    private static string Line(string id, string extraFields) => Good.Replace("\"bd-a1\"", $"\"{id}\"")[..^1] + "," + extraFields + "}";

    [Fact]
    public void Bad_lines_are_reported_by_number_with_a_reason_and_the_good_ones_are_kept()
    {
        var result = Read(
            Good,
            "{not json",
            "[1,2]",
            """{"title":"no id","created_at":"2026-01-01T10:00:00Z","updated_at":"2026-01-01T10:00:00Z"}""",
            Good.Replace("\"first\"", "\"  \""),
            Good.Replace("2026-01-01T10:00:00Z\",\"updated_at", "01/01/2026\",\"updated_at"),
            Good.Replace("\"priority\":1", "\"priority\":\"high\""),
            Line("bd-a2", "\"dependencies\":[{\"issue_id\":\"bd-a2\",\"depends_on_id\":\"bd-a1\"}]"),
            Good.Replace("\"updated_at\":\"2026-01-01T10:00:00Z\"", "\"x\":1"),
            Line("bd-a3", "\"_type\":7"),
            Good.Replace("bd-a1", "bd-a9"));

        Assert.Equal(["bd-a1", "bd-a9"], result.Issues.Select(i => i.Id));
        var reasons = result.BadLines.ToDictionary(b => b.LineNumber, b => b.Reason);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10], reasons.Keys);
        Assert.StartsWith("not valid JSON", reasons[2]);
        Assert.Equal("a line must hold one JSON object, not an array", reasons[3]);
        Assert.StartsWith("missing id", reasons[4]);
        Assert.Equal("title is empty", reasons[5]);
        Assert.Equal("created_at: '01/01/2026' is not an RFC 3339 timestamp with an offset, such as 2026-01-15T09:30:00Z or 2026-01-15T09:30:00.25-08:00", reasons[6]);
        Assert.Equal("priority: wrong kind of value: expected a whole number", reasons[7]);
        Assert.Contains("dependencies[0]", reasons[8]);
        Assert.Contains("type", reasons[8]);
        Assert.StartsWith("missing updated_at", reasons[9]);
        Assert.Equal("_type must be a string such as \"issue\", not a number", reasons[10]);
    }

    [Fact]
    public void Blank_lines_are_skipped_but_counted_and_windows_line_ends_and_a_bom_are_accepted()
    {
        var result = JsonlReader.Read(Encoding.UTF8.GetBytes("\uFEFF" + Good + "\r\n\r\n{oops\r\n" + Good.Replace("bd-a1", "bd-a2")));

        Assert.Equal(["bd-a1", "bd-a2"], result.Issues.Select(i => i.Id));
        Assert.Equal(3, Assert.Single(result.BadLines).LineNumber);
    }

    [Fact]
    public void Lines_the_caller_skips_are_not_read_but_still_count_in_the_numbers_of_the_others()
    {
        var skipped = Good.Replace("bd-a1", "bd-a2");
        var content = Encoding.UTF8.GetBytes(string.Join("\n", Good, skipped, "{oops", skipped, Good.Replace("bd-a1", "bd-a3")));

        var result = JsonlReader.Read(content, line => line.Span.SequenceEqual(Encoding.UTF8.GetBytes(skipped)));

        Assert.Equal(["bd-a1", "bd-a3"], result.Issues.Select(i => i.Id));
        Assert.Equal(3, Assert.Single(result.BadLines).LineNumber);
    }

    [Fact]
    public void Records_of_other_kinds_are_kept_aside_and_issue_records_keep_their_type()
    {
        var result = Read(
            """{"_type":"memory","key":"style","value":"tabs"}""",
            Line("bd-a2", "\"_type\":\"issue\""));

        var memory = Assert.Single(result.OtherRecords);
        Assert.Equal((1, "memory"), (memory.LineNumber, memory.Type));
        Assert.Equal("tabs", memory.Record.GetProperty("value").GetString());
        var issue = Assert.Single(result.Issues);
        Assert.Equal("issue", issue.Extra!["_type"].GetString());
        Assert.Contains("\"_type\":\"issue\"", Encoding.UTF8.GetString(JsonlWriter.Serialize(issue).Utf8.Span));
        Assert.Empty(result.BadLines);
    }

    [Fact]
    public void Go_escapes_and_raw_characters_read_the_same()
    {
        var result = Read(
            Good.Replace("\"first\"", "\"a \\u003cb\\u003e \\u0026 \\u2028 ✓\""),
            Good.Replace("bd-a1", "bd-a2").Replace("\"first\"", "\"a <b> & \u2028 ✓\""));

        Assert.Equal("a <b> & \u2028 ✓", result.Issues[0].Title);
        Assert.Equal(result.Issues[0].Title, result.Issues[1].Title);
    }

    [Fact]
    public void What_the_file_says_is_kept_as_it_is()
    {
        var issue = Assert.Single(Read(
            """{"id":"bd-x","title":"t","status":"hooked","priority":0,"issue_type":"merge-request","created_at":"2025-11-02T21:58:07.295058-08:00","updated_at":"2026-01-11T10:33:47.889461234-08:00","metadata":{"files":["a.go"]},"dependencies":[{"issue_id":"bd-x","depends_on_id":"bd-y","type":"waits-for","created_at":"2025-11-02T22:23:49Z","metadata":"{\"gate\":\"all-children\"}","weight":3}],"comments":[{"id":7,"issue_id":"bd-x","author":"a","text":"t","created_at":"2025-11-02T22:23:49Z"},{"id":"019b-uuid","issue_id":"bd-x","author":"a","text":"u","created_at":"2025-11-02T22:23:50Z"}],"ephemeral":true,"timeout":30000000000}""").Issues);

        Assert.Equal(("hooked", "merge-request", 0), (issue.Status, issue.IssueType, issue.Priority));
        Assert.Equal(TimeSpan.FromHours(-8), issue.CreatedAt.Offset);
        Assert.Equal("""{"files":["a.go"]}""", issue.Metadata!.Value.GetRawText());
        Assert.Equal("""{"gate":"all-children"}""", issue.Dependencies[0].Metadata);
        Assert.Equal(3, issue.Dependencies[0].Extra!["weight"].GetInt32());
        Assert.Equal([true, false], issue.Comments.Select(c => c.Id.IsNumeric));
        Assert.Equal(["ephemeral", "timeout", TimestampsAsRead.Key], issue.Extra!.Keys);
        Assert.Equal(30_000_000_000, issue.Extra["timeout"].GetInt64());
    }

    [Fact]
    public void Status_and_type_left_out_by_omitempty_read_as_an_open_task()
    {
        var issue = Assert.Single(Read(Good.Replace("\"status\":\"open\",", "").Replace("\"issue_type\":\"task\",", "")).Issues);
        Assert.Equal(("open", "task"), (issue.Status, issue.IssueType));
    }

    [Fact]
    public void Null_lists_read_as_empty()
    {
        var issue = Assert.Single(Read(Line("bd-a2", "\"labels\":null,\"dependencies\":null,\"comments\":null")).Issues);
        Assert.Equal((0, 0, 0), (issue.Labels.Count, issue.Dependencies.Count, issue.Comments.Count));
    }
}
