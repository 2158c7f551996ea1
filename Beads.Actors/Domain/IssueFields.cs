using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// The fields <see cref="UpdateIssue"/> may change, by their beads names, each read and written as text so that one
/// <see cref="FieldChange"/> event can carry any of them and the audit trail shows old and new values plainly.
/// Status is not here: it has its own events (status_changed, closed, reopened).
/// </summary>
public static class IssueFields
{
    private sealed record Field(
        Func<Issue, string?> Get,
        Func<Issue, string?, Issue> Set,
        Func<RigState, string, Result<string>> Normalize);

    private static Result<string> AsIs(RigState _, string text) => text;

    private static readonly ImmutableDictionary<string, Field> Fields = new Dictionary<string, Field>
    {
        ["title"] = new(i => i.Title, (i, v) => i with { Title = v ?? "" }, (_, v) => IssueValidation.Title(v)),
        ["description"] = new(i => i.Description, (i, v) => i with { Description = v }, AsIs),
        ["design"] = new(i => i.Design, (i, v) => i with { Design = v }, AsIs),
        ["acceptance_criteria"] = new(i => i.AcceptanceCriteria, (i, v) => i with { AcceptanceCriteria = v }, AsIs),
        ["notes"] = new(i => i.Notes, (i, v) => i with { Notes = v }, AsIs),
        ["priority"] = new(i => Text(i.Priority), (i, v) => i with { Priority = int.Parse(v!, CultureInfo.InvariantCulture) },
            (_, v) => Map(IssueValidation.Priority(v), Text)),
        ["issue_type"] = new(i => i.IssueType, (i, v) => i with { IssueType = v! }, IssueValidation.Type),
        ["assignee"] = new(i => i.Assignee, (i, v) => i with { Assignee = v }, AsIs),
        ["owner"] = new(i => i.Owner, (i, v) => i with { Owner = v }, AsIs),
        ["external_ref"] = new(i => i.ExternalRef, (i, v) => i with { ExternalRef = v }, AsIs),
        ["estimated_minutes"] = new(i => i.EstimatedMinutes is { } m ? Text(m) : null,
            (i, v) => i with { EstimatedMinutes = v is null ? null : int.Parse(v, CultureInfo.InvariantCulture) },
            (_, v) => Map(IssueValidation.Minutes(v), Text)),
        ["due_at"] = new(i => Text(i.DueAt), (i, v) => i with { DueAt = ParseTimestamp(v) },
            (_, v) => Map(IssueValidation.Timestamp("due_at", v), Text)),
        ["defer_until"] = new(i => Text(i.DeferUntil), (i, v) => i with { DeferUntil = ParseTimestamp(v) },
            (_, v) => Map(IssueValidation.Timestamp("defer_until", v), Text)),
        ["metadata"] = new(i => i.Metadata is { } m ? JsonSerializer.Serialize(m) : null,
            (i, v) => i with { Metadata = v is null ? null : JsonDocument.Parse(v).RootElement.Clone() },
            (_, v) => IssueValidation.Json("metadata", v)),
    }.ToImmutableDictionary();

    /// <summary>Fields that must always have a value: clearing them is refused.</summary>
    private static readonly ImmutableHashSet<string> Required = ["title", "priority", "issue_type"];

    public static IEnumerable<string> Names => Fields.Keys.Order(StringComparer.Ordinal);

    public static string? Get(Issue issue, string field) => Fields[field].Get(issue);

    /// <summary>Sets a field from text that <see cref="Normalize"/> produced; null clears it.</summary>
    public static Issue Set(Issue issue, string field, string? value) => Fields[field].Set(issue, value);

    /// <summary>Checks and canonicalises a new value; empty text means "clear the field" (null).</summary>
    public static Result<string?> Normalize(RigState state, string field, string text)
    {
        if (!Fields.TryGetValue(field, out var spec))
            return IssueValidation.Invalid($"'{field}' is not a field that can be updated: use one of {string.Join(", ", Names)}, or status");
        if (text.Length == 0)
            return Required.Contains(field)
                ? IssueValidation.Invalid($"{field} cannot be cleared: give it a value")
                : new Result<string?>((string?)null);
        var normalized = spec.Normalize(state, text);
        return normalized.IsOk ? normalized.Value : normalized.Error!;
    }

    private static Result<string> Map<T>(Result<T> result, Func<T, string> format) =>
        result.IsOk ? format(result.Value) : result.Error!;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static string? Text(DateTimeOffset? at) => at is { } value ? Text(value) : null;

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
