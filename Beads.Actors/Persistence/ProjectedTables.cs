namespace Beads.Actors.Persistence;

/// <summary>
/// The tables the rigs' writers project their journals into, shaped like beads' own (issues, dependencies, labels,
/// comments, events) so that SQL users, <c>bd sql</c> and Dolt diffs find what they know from beads. Several rigs share
/// one database, so every table leads with <c>rig</c> and keys by it. The journal stays the source of truth: these
/// tables can always be rebuilt from it, which is why they carry no foreign keys (a row may briefly lead another).
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
    private static TableColumn Text(string name, int length = Key) => new(name, ColumnType.Text, Nullable: true, Length: length);
    private static TableColumn LongText(string name) => new(name, ColumnType.LongText, Nullable: true);
    private static TableColumn Time(string name, bool nullable = true) => new(name, ColumnType.Timestamp, Nullable: nullable);

    public static readonly TableDefinition Issues = new(
        "issues",
        [
            Rig,
            new("id", ColumnType.Text, Length: Key),
            new("title", ColumnType.Text, Length: 500),
            LongText("description"),
            LongText("design"),
            LongText("acceptance_criteria"),
            LongText("notes"),
            new("status", ColumnType.Text, Length: Short),
            new("priority", ColumnType.Int32),
            new("issue_type", ColumnType.Text, Length: Short),
            Text("assignee"),
            Text("owner"),
            new("estimated_minutes", ColumnType.Int32, Nullable: true),
            Time("created_at", nullable: false),
            Text("created_by"),
            Time("updated_at", nullable: false),
            Time("started_at"),
            Time("closed_at"),
            LongText("close_reason"),
            Time("due_at"),
            Time("defer_until"),
            Text("external_ref"),
            LongText("metadata"),
        ],
        PrimaryKey: ["rig", "id"],
        Indexes:
        [
            new("issues_status_idx", Unique: false, ["rig", "status", "priority"]),
            new("issues_assignee_idx", Unique: false, ["rig", "assignee"]),
            new("issues_updated_at_idx", Unique: false, ["rig", "updated_at"]),
        ]);

    /// <summary>One edge per pair of issues, as in beads (and as the rig allows).</summary>
    public static readonly TableDefinition Dependencies = new(
        "dependencies",
        [
            Rig,
            new("issue_id", ColumnType.Text, Length: Key),
            new("depends_on_id", ColumnType.Text, Length: Key),
            new("type", ColumnType.Text, Length: Short),
            Time("created_at"),
            Text("created_by"),
            LongText("metadata"),
            Text("thread_id"),
        ],
        PrimaryKey: ["rig", "issue_id", "depends_on_id"],
        Indexes: [new("dependencies_depends_on_idx", Unique: false, ["rig", "depends_on_id"])]);

    public static readonly TableDefinition Labels = new(
        "labels",
        [Rig, new("issue_id", ColumnType.Text, Length: Key), new("label", ColumnType.Text, Length: Key)],
        PrimaryKey: ["rig", "issue_id", "label"],
        Indexes: [new("labels_label_idx", Unique: false, ["rig", "label"])]);

    /// <summary>
    /// Keyed by issue as well as by id: imported comments keep the ids they came with, which only their issue vouches
    /// for, and a writer replaces an issue's comments without touching another issue's.
    /// </summary>
    public static readonly TableDefinition Comments = new(
        "comments",
        [
            Rig,
            new("issue_id", ColumnType.Text, Length: Key),
            new("id", ColumnType.Text, Length: Short),
            new("author", ColumnType.Text, Length: Key),
            new("text", ColumnType.LongText),
            Time("created_at", nullable: false),
        ],
        PrimaryKey: ["rig", "issue_id", "id"],
        Indexes: []);

    /// <summary>The audit trail: one row per journal event, keyed by its sequence number in the rig's journal.</summary>
    public static readonly TableDefinition Events = new(
        "events",
        [
            Rig,
            new("seq", ColumnType.Int64),
            Text("issue_id"),
            new("event_type", ColumnType.Text, Length: Short),
            new("actor", ColumnType.Text, Length: Key),
            LongText("old_value"),
            LongText("new_value"),
            LongText("comment"),
            Time("created_at", nullable: false),
        ],
        PrimaryKey: ["rig", "seq"],
        Indexes: [new("events_issue_idx", Unique: false, ["rig", "issue_id", "seq"])]);

    /// <summary>
    /// How far each of a rig's writers has projected: every event routed to that writer up to this sequence number is
    /// in the tables. After a crash the rig replays its journal from the lowest of them. The epoch counts the rig's
    /// starts: a writer of an earlier start finds it changed and writes nothing more (see ProjectionStore).
    /// </summary>
    public static readonly TableDefinition Offsets = new(
        "projection_offsets",
        [
            Rig, new("writer", ColumnType.Int32), new("sequence_nr", ColumnType.Int64), new("epoch", ColumnType.Int64),
            Time("updated_at", nullable: false),
        ],
        PrimaryKey: ["rig", "writer"],
        Indexes: []);

    public static IReadOnlyList<TableDefinition> All { get; } = [Issues, Dependencies, Labels, Comments, Events, Offsets];
}
