using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Beads.Protocol;

namespace Beads.Tests.Support;

/// <summary>
/// One rig's rows in the projected tables, each row as one line of text, sorted: what the tables hold (<see cref="Read"/>)
/// and what they must hold for a list of issues (<see cref="Expected"/>) compare with Assert.Equal. The expected rows
/// are spelled out here, column by column, rather than taken from the projection's own mapping, so that a wrong
/// mapping cannot agree with itself.
/// </summary>
public sealed record ProjectedRowsSnapshot(
    ImmutableList<string> Issues, ImmutableList<string> Labels, ImmutableList<string> Dependencies, ImmutableList<string> Comments)
{
    private const string IssueColumns =
        "id, title, description, design, acceptance_criteria, notes, status, priority, issue_type, assignee, owner, " +
        "estimated_minutes, created_at, created_by, updated_at, started_at, closed_at, close_reason, due_at, " +
        "defer_until, external_ref, metadata";

    public static ProjectedRowsSnapshot Read(TestStore store, string rig)
    {
        using var connection = store.OpenConnection();
        return new ProjectedRowsSnapshot(
            Rows(connection, rig, $"SELECT {IssueColumns} FROM issues"),
            Rows(connection, rig, "SELECT issue_id, label FROM labels"),
            Rows(connection, rig, "SELECT issue_id, depends_on_id, type, created_at, created_by, metadata, thread_id FROM dependencies"),
            Rows(connection, rig, "SELECT issue_id, id, author, text, created_at FROM comments"));
    }

    public static ProjectedRowsSnapshot Expected(IEnumerable<Issue> issues)
    {
        var all = issues.ToList();
        return new ProjectedRowsSnapshot(
            Sorted(all.Select(i => Line(i.Id, i.Title, i.Description, i.Design, i.AcceptanceCriteria, i.Notes, i.Status,
                i.Priority, i.IssueType, i.Assignee, i.Owner, i.EstimatedMinutes, i.CreatedAt, i.CreatedBy, i.UpdatedAt,
                i.StartedAt, i.ClosedAt, i.CloseReason, i.DueAt, i.DeferUntil, i.ExternalRef, i.Metadata?.GetRawText()))),
            Sorted(all.SelectMany(i => i.Labels.Select(label => Line(i.Id, label)))),
            Sorted(all.SelectMany(i => i.Dependencies.Select(d =>
                Line(i.Id, d.DependsOnId, d.Type, d.CreatedAt, d.CreatedBy, d.Metadata, d.ThreadId)))),
            Sorted(all.SelectMany(i => i.Comments.Select(c => Line(i.Id, c.Id.Value, c.Author, c.Text, c.CreatedAt)))));
    }

    /// <summary>The audit rows' sequence numbers, in order: one per journal event.</summary>
    public static ImmutableList<long> EventSequenceNumbers(TestStore store, string rig)
    {
        using var connection = store.OpenConnection();
        using var command = Query(connection, rig, "SELECT seq FROM events", " ORDER BY seq");
        using var reader = command.ExecuteReader();
        var numbers = ImmutableList.CreateBuilder<long>();
        while (reader.Read()) numbers.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        return numbers.ToImmutable();
    }

    public override string ToString() =>
        $"{Issues.Count} issues, {Labels.Count} labels, {Dependencies.Count} dependencies, {Comments.Count} comments";

    private static ImmutableList<string> Rows(DbConnection connection, string rig, string select)
    {
        using var command = Query(connection, rig, select, "");
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(Line([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)]));
        return Sorted(rows);
    }

    private static DbCommand Query(DbConnection connection, string rig, string select, string order)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"{select} WHERE rig = @rig{order}";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@rig";
        parameter.Value = rig;
        command.Parameters.Add(parameter);
        return command;
    }

    private static ImmutableList<string> Sorted(IEnumerable<string> rows) => [.. rows.Order(StringComparer.Ordinal)];

    private static string Line(params object?[] values) => string.Join(" | ", values.Select(Text));

    /// <summary>A value as both stores give it back: times in UTC to the microsecond, nulls and numbers plainly.</summary>
    private static string Text(object? value) => value switch
    {
        null or DBNull => "∅",
        DateTimeOffset at => Microseconds(at.UtcDateTime),
        DateTime at => Microseconds(at),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static string Microseconds(DateTime utc) =>
        utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond)).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
