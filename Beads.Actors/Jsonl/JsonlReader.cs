using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Beads.Protocol;

namespace Beads.Actors.Jsonl;

/// <summary>
/// Reads beads' <c>.beads/issues.jsonl</c> line by line. A line that cannot be read is reported with its number and
/// the reason, and never stops the others. Everything a line says is kept: unknown fields in the issue's
/// <see cref="Issue.Extra"/> (<c>_type</c> included), custom statuses and types as they are, timestamps with their offset.
/// </summary>
public static class JsonlReader
{
    private const string TypeField = "_type";
    private const string IssueRecordType = "issue";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new RfcTimestampJsonConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { StatusAndTypeMayBeOmitted } },
    };

    public static JsonlReadResult Read(ReadOnlyMemory<byte> content) => Read(content, skip: null);

    /// <summary>
    /// Reads the lines <paramref name="skip"/> does not claim; a skipped line (given without its newline) is neither
    /// parsed nor reported, but still counts in the line numbers of the others.
    /// </summary>
    public static JsonlReadResult Read(ReadOnlyMemory<byte> content, Func<ReadOnlyMemory<byte>, bool>? skip)
    {
        var issues = ImmutableList.CreateBuilder<Issue>();
        var issueLines = ImmutableList.CreateBuilder<int>();
        var badLines = ImmutableList.CreateBuilder<JsonlBadLine>();
        var others = ImmutableList.CreateBuilder<JsonlOtherRecord>();
        if (content.Span.StartsWith("\uFEFF"u8)) content = content[3..];
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            lineNumber++;
            var end = content.Span.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? ReadOnlyMemory<byte>.Empty : content[(end + 1)..];
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
            if (skip?.Invoke(line) == true) continue;
            switch (ReadLine(line, lineNumber))
            {
                case Issue issue:
                    issues.Add(issue);
                    issueLines.Add(lineNumber);
                    break;
                case JsonlOtherRecord other: others.Add(other); break;
                case JsonlBadLine bad: badLines.Add(bad); break;
            }
        }
        return new JsonlReadResult(issues.ToImmutable(), badLines.ToImmutable(), others.ToImmutable(), issueLines.ToImmutable());
    }

    /// <summary>An <see cref="Issue"/>, a <see cref="JsonlOtherRecord"/> or a <see cref="JsonlBadLine"/>.</summary>
    private static object ReadLine(ReadOnlyMemory<byte> line, int number)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return new JsonlBadLine(number, $"not valid JSON: {Describe(e)}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new JsonlBadLine(number, $"a line must hold one JSON object, not {Kind(root)}");
            if (root.TryGetProperty(TypeField, out var type))
            {
                if (type.ValueKind != JsonValueKind.String)
                    return new JsonlBadLine(number, $"{TypeField} must be a string such as \"{IssueRecordType}\", not {Kind(type)}");
                if (!type.ValueEquals(IssueRecordType))
                    return new JsonlOtherRecord(number, type.GetString()!, root.Clone());
            }
            return MissingField(root) is { } missing
                ? new JsonlBadLine(number, missing)
                : ReadIssue(root, number);
        }
    }

    /// <summary>What beads cannot do without: an id, a title and the two timestamps Go always writes.</summary>
    private static string? MissingField(JsonElement root)
    {
        foreach (var name in (ReadOnlySpan<string>)["id", "title", "created_at", "updated_at"])
        {
            if (!root.TryGetProperty(name, out var value))
                return $"missing {name}: every issue needs an id, a title, created_at and updated_at";
            if (value.ValueKind != JsonValueKind.String)
                return $"{name} must be a string, not {Kind(value)}";
            if (name is "id" or "title" && string.IsNullOrWhiteSpace(value.GetString()))
                return $"{name} is empty";
        }
        return null;
    }

    private static object ReadIssue(JsonElement root, int number)
    {
        Issue issue;
        try
        {
            issue = root.Deserialize<Issue>(Options)!;
        }
        catch (JsonException e)
        {
            return new JsonlBadLine(number, Describe(e));
        }
        // A hand-edited file may say null where Go would have left a list out.
        ImmutableList<Dependency> dependencies = issue.Dependencies ?? [];
        ImmutableList<Comment> comments = issue.Comments ?? [];
        return issue with
        {
            // Go leaves these out when empty; beads treats an issue without them as an open task.
            Status = string.IsNullOrEmpty(issue.Status) ? IssueDefaults.Status : issue.Status,
            IssueType = string.IsNullOrEmpty(issue.IssueType) ? IssueDefaults.Type : issue.IssueType,
            Labels = issue.Labels ?? [],
            Extra = TimestampsAsRead.Capture(root, issue.Extra,
                ("created_at", issue.CreatedAt), ("updated_at", issue.UpdatedAt), ("started_at", issue.StartedAt),
                ("closed_at", issue.ClosedAt), ("due_at", issue.DueAt), ("defer_until", issue.DeferUntil)),
            Dependencies = [.. dependencies.Select((dependency, i) => dependency with
            {
                Extra = TimestampsAsRead.Capture(root.GetProperty("dependencies")[i], dependency.Extra,
                    ("created_at", dependency.CreatedAt)),
            })],
            Comments = [.. comments.Select((comment, i) => comment with
            {
                Extra = TimestampsAsRead.Capture(root.GetProperty("comments")[i], comment.Extra, ("created_at", comment.CreatedAt)),
            })],
        };
    }

    /// <summary>
    /// Status and issue_type are required of issues made here, but Go's omitempty may leave them out of a file, so
    /// reading only insists on what beads itself always writes.
    /// </summary>
    private static void StatusAndTypeMayBeOmitted(JsonTypeInfo type)
    {
        if (type.Type != typeof(Issue)) return;
        foreach (var property in type.Properties)
        {
            if (property.Name is "status" or "issue_type") property.IsRequired = false;
        }
    }

    /// <summary>The reason without System.Text.Json's position suffix, prefixed by the field it concerns.</summary>
    private static string Describe(JsonException error)
    {
        var reason = error.Message;
        foreach (var suffix in (ReadOnlySpan<string>)[" Path: ", " LineNumber: "])
        {
            var at = reason.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0) reason = reason[..at];
        }
        if (reason.StartsWith(WrongKindPrefix, StringComparison.Ordinal))
            reason = $"wrong kind of value: expected {Expected(reason[WrongKindPrefix.Length..].TrimEnd('.'))}";
        var field = error.Path is { Length: > 2 } path ? path[2..] : null; // "$.created_at" → "created_at"
        var position = error.BytePositionInLine is { } byteIndex ? $" (at byte {byteIndex + 1})" : "";
        return field is null ? reason + position : $"{field}: {reason}";
    }

    private const string WrongKindPrefix = "The JSON value could not be converted to ";

    private static string Expected(string clrType) => clrType switch
    {
        _ when clrType.StartsWith("System.Collections.Immutable.ImmutableList", StringComparison.Ordinal) => "an array",
        "System.String" => "a string",
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" => "a whole number",
        _ => clrType,
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
