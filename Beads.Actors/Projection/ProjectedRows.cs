using Beads.Actors.Domain;
using Beads.Actors.Persistence;
using Beads.Protocol;

namespace Beads.Actors.Projection;

/// <summary>
/// The rows of <see cref="ProjectedTables"/> for an issue and for an event, each value in the order of its table's
/// columns. An issue's labels, dependencies and comments belong to it: its writer replaces them all at once.
/// </summary>
public static class ProjectedRows
{
    public static object?[] Issue(string rig, Issue issue) =>
    [
        rig, issue.Id, issue.Title, issue.Description, issue.Design, issue.AcceptanceCriteria, issue.Notes, issue.Status,
        issue.Priority, issue.IssueType, issue.Assignee, issue.Owner, issue.EstimatedMinutes, issue.CreatedAt,
        issue.CreatedBy, issue.UpdatedAt, issue.StartedAt, issue.ClosedAt, issue.CloseReason, issue.DueAt,
        issue.DeferUntil, issue.ExternalRef, issue.Metadata?.GetRawText(),
    ];

    public static IEnumerable<object?[]> Labels(string rig, Issue issue) =>
        issue.Labels.Select(label => new object?[] { rig, issue.Id, label });

    public static IEnumerable<object?[]> Dependencies(string rig, Issue issue) =>
        issue.Dependencies.Select(d => new object?[]
        {
            rig, issue.Id, d.DependsOnId, d.Type, d.CreatedAt, d.CreatedBy, d.Metadata, d.ThreadId,
        });

    public static IEnumerable<object?[]> Comments(string rig, Issue issue) =>
        issue.Comments.Select(c => new object?[] { rig, issue.Id, c.Id.Value, c.Author, c.Text, c.CreatedAt });

    public static object?[] Event(string rig, ProjectedEvent projected)
    {
        var entry = AuditEntry.Of(projected.Event);
        return
        [
            rig, projected.SequenceNr, RigEvents.IssueIdOf(projected.Event), entry.EventType, projected.Event.Actor, entry.OldValue,
            entry.NewValue, entry.Comment, projected.Event.At,
        ];
    }

    public static object?[] Offset(string rig, int writer, long sequenceNr, long epoch, DateTimeOffset now) =>
        [rig, writer, sequenceNr, epoch, now];
}
