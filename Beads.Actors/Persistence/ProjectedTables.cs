using Beads.Actors.Domain;
using Beads.Actors.Projection;
using Beads.Protocol;

namespace Beads.Actors.Persistence;

/// <summary>
/// The tables the rigs' writers project their journals into, shaped like beads' own (issues, dependencies, labels,
/// comments, events) so that SQL users, <c>bd sql</c> and Dolt diffs find what they know from beads. Several rigs share
/// one database, so every table leads with <c>rig</c> and keys by it. The journal stays the source of truth: these
/// tables can always be rebuilt from it, which is why they carry no foreign keys (a row may briefly lead another).
/// Each column is written beside the value a row takes for it (<see cref="ProjectedTable{TRow}"/>).
/// </summary>
/// <remarks>
/// Key columns are VARCHAR(255) at most, and each key fits in the 3,072 bytes an InnoDB index may hold with utf8mb4;
/// a value longer than its column is cut to fit when projected (see ProjectedRow), so that one odd value can never
/// stall a writer. Times are UTC.
/// </remarks>
public static class ProjectedTables
{
    private const int Key = 255;
    private const int Short = 64;

    private static TableColumn Rig => new("rig", ColumnType.Text, Length: Key);
    private static TableColumn KeyText(string name, int length = Key) => new(name, ColumnType.Text, Length: length);
    private static TableColumn Text(string name, int length = Key) => new(name, ColumnType.Text, Nullable: true, Length: length);
    private static TableColumn LongText(string name) => new(name, ColumnType.LongText, Nullable: true);
    private static TableColumn Time(string name, bool nullable = true) => new(name, ColumnType.Timestamp, Nullable: nullable);

    public static readonly ProjectedTable<IssueRow> Issues = new(
        "issues",
        [
            new(Rig, row => row.Rig),
            new(KeyText("id"), row => row.Issue.Id),
            new(KeyText("title", 500), row => row.Issue.Title),
            new(LongText("description"), row => row.Issue.Description),
            new(LongText("design"), row => row.Issue.Design),
            new(LongText("acceptance_criteria"), row => row.Issue.AcceptanceCriteria),
            new(LongText("notes"), row => row.Issue.Notes),
            new(KeyText("status", Short), row => row.Issue.Status),
            new(new("priority", ColumnType.Int32), row => row.Issue.Priority),
            new(KeyText("issue_type", Short), row => row.Issue.IssueType),
            new(Text("assignee"), row => row.Issue.Assignee),
            new(Text("owner"), row => row.Issue.Owner),
            new(new("estimated_minutes", ColumnType.Int32, Nullable: true), row => row.Issue.EstimatedMinutes),
            new(Time("created_at", nullable: false), row => row.Issue.CreatedAt),
            new(Text("created_by"), row => row.Issue.CreatedBy),
            new(Time("updated_at", nullable: false), row => row.Issue.UpdatedAt),
            new(Time("started_at"), row => row.Issue.StartedAt),
            new(Time("closed_at"), row => row.Issue.ClosedAt),
            new(LongText("close_reason"), row => row.Issue.CloseReason),
            new(Time("due_at"), row => row.Issue.DueAt),
            new(Time("defer_until"), row => row.Issue.DeferUntil),
            new(Text("external_ref"), row => row.Issue.ExternalRef),
            new(LongText("metadata"), row => row.Issue.Metadata?.GetRawText()),
        ],
        primaryKey: ["rig", "id"],
        indexes:
        [
            new("issues_status_idx", Unique: false, ["rig", "status", "priority"]),
            new("issues_assignee_idx", Unique: false, ["rig", "assignee"]),
            new("issues_updated_at_idx", Unique: false, ["rig", "updated_at"]),
        ]);

    /// <summary>One edge per pair of issues, as in beads (and as the rig allows).</summary>
    public static readonly ProjectedTable<DependencyRow> Dependencies = new(
        "dependencies",
        [
            new(Rig, row => row.Rig),
            new(KeyText("issue_id"), row => row.IssueId),
            new(KeyText("depends_on_id"), row => row.Edge.DependsOnId),
            new(KeyText("type", Short), row => row.Edge.Type),
            new(Time("created_at"), row => row.Edge.CreatedAt),
            new(Text("created_by"), row => row.Edge.CreatedBy),
            new(LongText("metadata"), row => row.Edge.Metadata),
            new(Text("thread_id"), row => row.Edge.ThreadId),
        ],
        primaryKey: ["rig", "issue_id", "depends_on_id"],
        indexes: [new("dependencies_depends_on_idx", Unique: false, ["rig", "depends_on_id"])]);

    public static readonly ProjectedTable<LabelRow> Labels = new(
        "labels",
        [new(Rig, row => row.Rig), new(KeyText("issue_id"), row => row.IssueId), new(KeyText("label"), row => row.Label)],
        primaryKey: ["rig", "issue_id", "label"],
        indexes: [new("labels_label_idx", Unique: false, ["rig", "label"])]);

    /// <summary>
    /// Keyed by issue as well as by id: imported comments keep the ids they came with, which only their issue vouches
    /// for, and a writer replaces an issue's comments without touching another issue's.
    /// </summary>
    public static readonly ProjectedTable<CommentRow> Comments = new(
        "comments",
        [
            new(Rig, row => row.Rig),
            new(KeyText("issue_id"), row => row.IssueId),
            new(KeyText("id", Short), row => row.Comment.Id.Value),
            new(KeyText("author"), row => row.Comment.Author),
            new(new("text", ColumnType.LongText), row => row.Comment.Text),
            new(Time("created_at", nullable: false), row => row.Comment.CreatedAt),
        ],
        primaryKey: ["rig", "issue_id", "id"],
        indexes: []);

    // beads keeps its wisps (ephemeral issues) apart, in twins of these tables that Dolt does not version; Gas Town
    // reads its ephemeral mail and merge requests from wisps joined to wisp_labels.
    public static readonly ProjectedTable<IssueRow> Wisps = Issues.Twin("wisps");
    public static readonly ProjectedTable<LabelRow> WispLabels = Labels.Twin("wisp_labels");
    public static readonly ProjectedTable<DependencyRow> WispDependencies = Dependencies.Twin("wisp_dependencies");
    public static readonly ProjectedTable<CommentRow> WispComments = Comments.Twin("wisp_comments");

    /// <summary>The audit trail: one row per journal event, keyed by its sequence number in the rig's journal.</summary>
    public static readonly ProjectedTable<EventRow> Events = new(
        "events",
        [
            new(Rig, row => row.Rig),
            new(new("seq", ColumnType.Int64), row => row.SequenceNr),
            new(Text("issue_id"), row => RigEvents.IssueIdOf(row.Event)),
            new(KeyText("event_type", Short), row => row.Entry.EventType),
            new(KeyText("actor"), row => row.Event.Actor),
            new(LongText("old_value"), row => row.Entry.OldValue),
            new(LongText("new_value"), row => row.Entry.NewValue),
            new(LongText("comment"), row => row.Entry.Comment),
            new(Time("created_at", nullable: false), row => row.Event.At),
        ],
        primaryKey: ["rig", "seq"],
        indexes: [new("events_issue_idx", Unique: false, ["rig", "issue_id", "seq"])]);

    /// <summary>
    /// How far each of a rig's writers has projected: every event routed to that writer up to this sequence number is
    /// in the tables. After a crash the rig replays its journal from the lowest of them. The epoch counts the rig's
    /// starts: a writer of an earlier start finds it changed and writes nothing more (see ProjectionStore).
    /// </summary>
    public static readonly ProjectedTable<OffsetRow> Offsets = new(
        "projection_offsets",
        [
            new(Rig, row => row.Rig),
            new(new("writer", ColumnType.Int32), row => row.Writer),
            new(new("sequence_nr", ColumnType.Int64), row => row.SequenceNr),
            new(new("epoch", ColumnType.Int64), row => row.Epoch),
            new(Time("updated_at", nullable: false), row => row.UpdatedAt),
        ],
        primaryKey: ["rig", "writer"],
        indexes: []);

    public static IReadOnlyList<TableDefinition> All { get; } =
    [
        Issues.Definition, Dependencies.Definition, Labels.Definition, Comments.Definition, Events.Definition, Offsets.Definition,
        Wisps.Definition, WispDependencies.Definition, WispLabels.Definition, WispComments.Definition,
    ];
}

// What each projected table's rows are made from.

public readonly record struct IssueRow(string Rig, Issue Issue);

public readonly record struct LabelRow(string Rig, string IssueId, string Label);

public readonly record struct DependencyRow(string Rig, string IssueId, Dependency Edge);

public readonly record struct CommentRow(string Rig, string IssueId, Comment Comment);

/// <param name="Entry">The event as the audit trail shows it, worked out once for all its columns.</param>
public readonly record struct EventRow(string Rig, long SequenceNr, IRigEvent Event, AuditEntry Entry)
{
    public static EventRow Of(string rig, ProjectedEvent projected) =>
        new(rig, projected.SequenceNr, projected.Event, AuditEntry.Of(projected.Event));
}

public readonly record struct OffsetRow(string Rig, int Writer, long SequenceNr, long Epoch, DateTimeOffset UpdatedAt);
