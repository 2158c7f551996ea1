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
    /// dependencies and comments replaced, in beads' tables or, for a wisp, in their wisp twins (a changed issue's rows
    /// are taken out of both, so one that stops or starts being a wisp moves); a deleted issue's rows gone (its audit
    /// rows stay: the trail records the deletion too); one audit row per event; the writer's offset.
    /// </summary>
    public SqlScript Script(SqlDialect dialect, DateTimeOffset now)
    {
        var issues = new Dictionary<string, Issue>(StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var projected in Events)
        {
            if (projected.Event is IssueDeleted gone)
            {
                issues.Remove(gone.IssueId);
                changed.Add(gone.IssueId);
                continue;
            }
            if (projected.Issue is not { } issue) continue;
            issues[issue.Id] = issue;
            if (projected.Event is not IssueCreated) changed.Add(issue.Id);
        }
        var script = new SqlScript(dialect);
        // Only a change after creation can have left rows the issue no longer has: a new issue's are all upserted,
        // and if it changed since, that change's own batch replaces them.
        if (changed.Count > 0)
        {
            foreach (var tables in new[] { BeadsTables, WispTables })
            {
                script.DeleteOfRig(tables.Issues.Definition, Rig, "id", changed.Where(id => !issues.ContainsKey(id)));
                foreach (var table in new[] { tables.Labels.Definition, tables.Dependencies.Definition, tables.Comments.Definition })
                    script.DeleteOfRig(table, Rig, "issue_id", changed);
            }
            var moved = issues.Values.Where(issue => changed.Contains(issue.Id)).ToLookup(IssueFlags.IsEphemeral, issue => issue.Id);
            script.DeleteOfRig(WispTables.Issues.Definition, Rig, "id", moved[false]);
            script.DeleteOfRig(BeadsTables.Issues.Definition, Rig, "id", moved[true]);
        }
        foreach (var group in issues.Values.GroupBy(IssueFlags.IsEphemeral))
            Upsert(script, group.Key ? WispTables : BeadsTables, group.ToList());
        script.Upsert(ProjectedTables.Events, Events.Select(projected => EventRow.Of(Rig, projected)));
        script.Upsert(ProjectedTables.Offsets, [new OffsetRow(Rig, Writer, Offset, Epoch, now)]);
        return script;
    }

    private void Upsert(SqlScript script, IssueTables tables, IReadOnlyList<Issue> issues)
    {
        script.Upsert(tables.Issues, issues.Select(issue => new IssueRow(Rig, issue)));
        script.Upsert(tables.Labels, issues.SelectMany(issue => issue.Labels.Select(label => new LabelRow(Rig, issue.Id, label))));
        script.Upsert(tables.Dependencies, issues.SelectMany(issue => issue.Dependencies.Select(edge => new DependencyRow(Rig, issue.Id, edge))));
        script.Upsert(tables.Comments, issues.SelectMany(issue => issue.Comments.Select(comment => new CommentRow(Rig, issue.Id, comment))));
    }

    /// <summary>Where an issue's rows go: beads' own tables, or their twins for wisps.</summary>
    private sealed record IssueTables(
        ProjectedTable<IssueRow> Issues, ProjectedTable<LabelRow> Labels, ProjectedTable<DependencyRow> Dependencies, ProjectedTable<CommentRow> Comments);

    private static readonly IssueTables BeadsTables =
        new(ProjectedTables.Issues, ProjectedTables.Labels, ProjectedTables.Dependencies, ProjectedTables.Comments);

    private static readonly IssueTables WispTables =
        new(ProjectedTables.Wisps, ProjectedTables.WispLabels, ProjectedTables.WispDependencies, ProjectedTables.WispComments);
}
