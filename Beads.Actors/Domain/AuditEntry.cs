using System.Text;
using System.Text.Json;

namespace Beads.Actors.Domain;

/// <summary>
/// One row of the <c>events</c> table, in beads' audit vocabulary (created, updated, status_changed, closed, ...):
/// what happened to the issue (the one <see cref="RigEvents.IssueIdOf"/> names), the value before and after, and a free
/// comment (a close reason, a comment's text).
/// </summary>
public sealed record AuditEntry(string EventType, string? OldValue, string? NewValue, string? Comment)
{
    public static AuditEntry Of(IRigEvent change) => change switch
    {
        RigInitialized e => new("rig_initialized", null, e.Prefix, e.HomeDirectory),
        RigConfigChanged e => new("config_changed", null, e.Value, e.Key),
        RigSyncRecorded e => new("sync_recorded", null, e.Mode, e.NoJsonlExport ? "no-jsonl-export" : null),
        IssueCreated e => new("created", null, e.Issue.Title, null),
        IssueImported e => new("imported", null, e.Issue.Title, null),
        IssueDeleted e => new("deleted", e.Title, null, e.Reason),
        IssueUpdated e => new("updated", FieldsJson(e, c => c.Old), FieldsJson(e, c => c.New), null),
        IssueStatusChanged e => new("status_changed", e.From, e.To, e.Reason),
        IssueClaimed e => new("claimed", null, e.Actor, null),
        IssueClosed e => new("closed", null, null, e.Reason),
        IssueReopened e => new("reopened", null, null, e.Reason),
        // type:id, the way beads' --deps flag spells an edge
        DependencyAdded e => new("dependency_added", null, $"{e.Dependency.Type}:{e.Dependency.DependsOnId}", null),
        DependencyRemoved e => new("dependency_removed", $"{e.Type}:{e.DependsOnId}", null, null),
        LabelAdded e => new("label_added", null, e.Label, null),
        LabelRemoved e => new("label_removed", e.Label, null, null),
        CommentAdded e => new("commented", null, null, e.Comment.Text),
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
