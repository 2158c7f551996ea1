using System.Text;
using System.Text.Json;
using Beads.Actors.Domain;

namespace Beads.Actors.Projection;

/// <summary>
/// One row of the <c>events</c> table, in beads' audit vocabulary (created, updated, status_changed, closed, ...):
/// which issue, what happened, the value before and after, and a free comment (a close reason, a comment's text).
/// </summary>
public sealed record AuditEntry(string? IssueId, string EventType, string? OldValue, string? NewValue, string? Comment)
{
    public static AuditEntry Of(IRigEvent change) => change switch
    {
        RigInitialized e => new(null, "rig_initialized", null, e.Prefix, e.HomeDirectory),
        RigConfigChanged e => new(null, "config_changed", null, e.Value, e.Key),
        RigSyncRecorded e => new(null, "sync_recorded", null, e.Mode, e.NoJsonlExport ? "no-jsonl-export" : null),
        IssueCreated e => new(e.Issue.Id, "created", null, e.Issue.Title, null),
        IssueImported e => new(e.Issue.Id, "imported", null, e.Issue.Title, null),
        IssueUpdated e => new(e.IssueId, "updated", FieldsJson(e, c => c.Old), FieldsJson(e, c => c.New), null),
        IssueStatusChanged e => new(e.IssueId, "status_changed", e.From, e.To, null),
        IssueClaimed e => new(e.IssueId, "claimed", null, e.Actor, null),
        IssueClosed e => new(e.IssueId, "closed", null, null, e.Reason),
        IssueReopened e => new(e.IssueId, "reopened", null, null, e.Reason),
        // type:id, the way beads' --deps flag spells an edge
        DependencyAdded e => new(e.Dependency.IssueId, "dependency_added", null, $"{e.Dependency.Type}:{e.Dependency.DependsOnId}", null),
        DependencyRemoved e => new(e.IssueId, "dependency_removed", $"{e.Type}:{e.DependsOnId}", null, null),
        LabelAdded e => new(e.IssueId, "label_added", null, e.Label, null),
        LabelRemoved e => new(e.IssueId, "label_removed", e.Label, null, null),
        CommentAdded e => new(e.IssueId, "commented", null, null, e.Comment.Text),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.GetType().Name, "unknown rig event"),
    };

    /// <summary>The changed fields as one JSON object, field name to value (null when absent).</summary>
    private static string FieldsJson(IssueUpdated change, Func<FieldChange, string?> value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in change.Changes) writer.WriteString(field.Field, value(field));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
