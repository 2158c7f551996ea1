using System.Text.Json;

namespace Beads.Protocol;

/// <summary>
/// Writes one issue the way beads' Go encoder does: fields in the order of beads' struct (which <see cref="Issue"/>
/// follows), empty strings, absent values and empty lists left out (omitempty), priority, created_at and updated_at
/// always present, then the unknown fields in the order they were read. Hand-written over Utf8JsonWriter with
/// pre-encoded names because a full export runs on every sync: no reflection, no intermediate strings. The JSONL
/// export and bd's --json output both write issues through here, so the two shapes cannot drift apart.
/// </summary>
public static class IssueJsonWriter
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText Design = JsonEncodedText.Encode("design");
    private static readonly JsonEncodedText AcceptanceCriteria = JsonEncodedText.Encode("acceptance_criteria");
    private static readonly JsonEncodedText Notes = JsonEncodedText.Encode("notes");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Priority = JsonEncodedText.Encode("priority");
    private static readonly JsonEncodedText IssueType = JsonEncodedText.Encode("issue_type");
    private static readonly JsonEncodedText Assignee = JsonEncodedText.Encode("assignee");
    private static readonly JsonEncodedText Owner = JsonEncodedText.Encode("owner");
    private static readonly JsonEncodedText EstimatedMinutes = JsonEncodedText.Encode("estimated_minutes");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("created_at");
    private static readonly JsonEncodedText CreatedBy = JsonEncodedText.Encode("created_by");
    private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updated_at");
    private static readonly JsonEncodedText StartedAt = JsonEncodedText.Encode("started_at");
    private static readonly JsonEncodedText ClosedAt = JsonEncodedText.Encode("closed_at");
    private static readonly JsonEncodedText CloseReason = JsonEncodedText.Encode("close_reason");
    private static readonly JsonEncodedText ClosedBySession = JsonEncodedText.Encode("closed_by_session");
    private static readonly JsonEncodedText DueAt = JsonEncodedText.Encode("due_at");
    private static readonly JsonEncodedText DeferUntil = JsonEncodedText.Encode("defer_until");
    private static readonly JsonEncodedText ExternalRef = JsonEncodedText.Encode("external_ref");
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText Labels = JsonEncodedText.Encode("labels");
    private static readonly JsonEncodedText Dependencies = JsonEncodedText.Encode("dependencies");
    private static readonly JsonEncodedText Comments = JsonEncodedText.Encode("comments");
    private static readonly JsonEncodedText IssueId = JsonEncodedText.Encode("issue_id");
    private static readonly JsonEncodedText DependsOnId = JsonEncodedText.Encode("depends_on_id");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText ThreadId = JsonEncodedText.Encode("thread_id");
    private static readonly JsonEncodedText Author = JsonEncodedText.Encode("author");
    private static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");

    /// <summary>The issue as one object, labels, dependencies and comments inline: a line of issues.jsonl.</summary>
    public static void Write(Utf8JsonWriter writer, Issue issue)
    {
        writer.WriteStartObject();
        WriteFields(writer, issue, withRelations: true);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The issue's fields into an object the caller has opened, so that a command can add its own after them;
    /// without <paramref name="withRelations"/>, labels, dependencies and comments are left to the caller.
    /// </summary>
    public static void WriteFields(Utf8JsonWriter writer, Issue issue, bool withRelations)
    {
        var extra = issue.Extra;
        writer.WriteString(Id, issue.Id);
        writer.WriteString(Title, issue.Title);
        Optional(writer, Description, issue.Description);
        Optional(writer, Design, issue.Design);
        Optional(writer, AcceptanceCriteria, issue.AcceptanceCriteria);
        Optional(writer, Notes, issue.Notes);
        Optional(writer, Status, issue.Status);
        writer.WriteNumber(Priority, issue.Priority);
        Optional(writer, IssueType, issue.IssueType);
        Optional(writer, Assignee, issue.Assignee);
        Optional(writer, Owner, issue.Owner);
        if (issue.EstimatedMinutes is { } minutes) writer.WriteNumber(EstimatedMinutes, minutes);
        Timestamp(writer, CreatedAt, issue.CreatedAt, extra);
        Optional(writer, CreatedBy, issue.CreatedBy);
        Timestamp(writer, UpdatedAt, issue.UpdatedAt, extra);
        Timestamp(writer, StartedAt, issue.StartedAt, extra);
        Timestamp(writer, ClosedAt, issue.ClosedAt, extra);
        Optional(writer, CloseReason, issue.CloseReason);
        Optional(writer, ClosedBySession, issue.ClosedBySession);
        Timestamp(writer, DueAt, issue.DueAt, extra);
        Timestamp(writer, DeferUntil, issue.DeferUntil, extra);
        Optional(writer, ExternalRef, issue.ExternalRef);
        if (issue.Metadata is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } metadata)
        {
            writer.WritePropertyName(Metadata);
            metadata.WriteTo(writer);
        }
        if (withRelations)
        {
            if (!issue.Labels.IsEmpty)
            {
                writer.WriteStartArray(Labels);
                foreach (var label in issue.Labels) writer.WriteStringValue(label);
                writer.WriteEndArray();
            }
            if (!issue.Dependencies.IsEmpty)
            {
                writer.WriteStartArray(Dependencies);
                foreach (var dependency in issue.Dependencies) WriteDependency(writer, dependency);
                writer.WriteEndArray();
            }
            if (!issue.Comments.IsEmpty)
            {
                writer.WriteStartArray(Comments);
                foreach (var comment in issue.Comments) WriteComment(writer, comment);
                writer.WriteEndArray();
            }
        }
        Unknown(writer, extra);
    }

    public static void WriteDependency(Utf8JsonWriter writer, Dependency dependency)
    {
        writer.WriteStartObject();
        writer.WriteString(IssueId, dependency.IssueId);
        writer.WriteString(DependsOnId, dependency.DependsOnId);
        writer.WriteString(Type, dependency.Type);
        Timestamp(writer, CreatedAt, dependency.CreatedAt, dependency.Extra);
        Optional(writer, CreatedBy, dependency.CreatedBy);
        // A JSON document inside a string, as beads stores it ("{}" when empty).
        Optional(writer, Metadata, dependency.Metadata);
        Optional(writer, ThreadId, dependency.ThreadId);
        Unknown(writer, dependency.Extra);
        writer.WriteEndObject();
    }

    /// <summary>None of a comment's fields is omitempty in beads.</summary>
    public static void WriteComment(Utf8JsonWriter writer, Comment comment) => WriteComment(writer, comment, null);

    /// <summary>A comment, then whatever the caller adds inside the same object.</summary>
    public static void WriteComment(Utf8JsonWriter writer, Comment comment, Action<Utf8JsonWriter>? more)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(Id);
        CommentIdJsonConverter.WriteValue(writer, comment.Id);
        if (comment.IssueId is { } issueId) writer.WriteString(IssueId, issueId);
        writer.WriteString(Author, comment.Author);
        writer.WriteString(Text, comment.Text);
        Timestamp(writer, CreatedAt, comment.CreatedAt, comment.Extra);
        Unknown(writer, comment.Extra);
        more?.Invoke(writer);
        writer.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) writer.WriteString(name, value);
    }

    private static void Timestamp(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset? value,
        Dictionary<string, JsonElement>? extra)
    {
        if (value is not { } timestamp) return;
        if (TimestampsAsRead.Find(extra, name.Value, timestamp) is { } asRead)
        {
            writer.WriteString(name, asRead);
            return;
        }
        Span<byte> text = stackalloc byte[RfcTimestamp.MaxLength];
        writer.WriteString(name, text[..RfcTimestamp.Format(timestamp, text)]);
    }

    private static void Unknown(Utf8JsonWriter writer, Dictionary<string, JsonElement>? extra)
    {
        if (extra is null) return;
        foreach (var (name, value) in extra)
        {
            if (name == TimestampsAsRead.Key) continue;
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }
}
