using System.Collections.Immutable;
using Beads.Actors.Domain;
using Beads.Actors.Persistence;
using Beads.Protocol;

namespace Beads.Actors.Projection;

/// <summary>
/// What one writer puts into one transaction: its events in journal order, and the offset to record with them (every
/// event routed to this writer up to <see cref="Offset"/> is in this batch or an earlier one). A batch with no events
/// only moves the offset on, so that an idle writer does not make recovery replay more than it must.
/// </summary>
/// <param name="Epoch">The rig start this batch belongs to (see <see cref="ProjectionClaim"/>).</param>
/// <param name="Number">Counts the writer's batches, so that the coordinator can tell a repeated answer from a new one.</param>
public sealed record ProjectionBatch(
    string Rig, int Writer, long Epoch, long Number, ImmutableArray<ProjectedEvent> Events, long Offset)
{
    /// <summary>
    /// The statements of the transaction: each touched issue once, as the newest event left it, with its labels,
    /// dependencies and comments replaced; a deleted issue's rows gone (its audit rows stay: the trail records the
    /// deletion too); one audit row per event; the writer's offset.
    /// </summary>
    public SqlScript Script(SqlDialect dialect, DateTimeOffset now)
    {
        var issues = new Dictionary<string, Issue>(StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var projected in Events)
        {
            if (projected.Event is IssueDeleted gone)
            {
                issues.Remove(gone.IssueId);
                deleted.Add(gone.IssueId);
                continue;
            }
            if (projected.Issue is not { } issue) continue;
            issues[issue.Id] = issue;
            deleted.Remove(issue.Id);
            if (projected.Event is not IssueCreated) changed.Add(issue.Id);
        }
        var script = new SqlScript(dialect);
        if (deleted.Count > 0)
        {
            script.DeleteOfRig(ProjectedTables.Issues.Definition, Rig, "id", deleted);
            foreach (var table in new[] { ProjectedTables.Labels.Definition, ProjectedTables.Dependencies.Definition, ProjectedTables.Comments.Definition })
                script.DeleteOfRig(table, Rig, "issue_id", deleted);
        }
        if (issues.Count > 0)
        {
            script.Upsert(ProjectedTables.Issues, issues.Values.Select(issue => new IssueRow(Rig, issue)));
            // Only a change after creation can have left rows the issue no longer has: a new issue's are all upserted,
            // and if it changed since, that change's own batch replaces them.
            foreach (var table in new[] { ProjectedTables.Labels.Definition, ProjectedTables.Dependencies.Definition, ProjectedTables.Comments.Definition })
                script.DeleteOfRig(table, Rig, "issue_id", changed);
            script.Upsert(ProjectedTables.Labels,
                issues.Values.SelectMany(issue => issue.Labels.Select(label => new LabelRow(Rig, issue.Id, label))));
            script.Upsert(ProjectedTables.Dependencies,
                issues.Values.SelectMany(issue => issue.Dependencies.Select(edge => new DependencyRow(Rig, issue.Id, edge))));
            script.Upsert(ProjectedTables.Comments,
                issues.Values.SelectMany(issue => issue.Comments.Select(comment => new CommentRow(Rig, issue.Id, comment))));
        }
        script.Upsert(ProjectedTables.Events, Events.Select(projected => EventRow.Of(Rig, projected)));
        script.Upsert(ProjectedTables.Offsets, [new OffsetRow(Rig, Writer, Offset, Epoch, now)]);
        return script;
    }
}
