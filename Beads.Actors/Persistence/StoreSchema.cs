namespace Beads.Actors.Persistence;

/// <summary>
/// Every table Beads keeps in its store, for the embedded and the server backend alike. We own this DDL instead of
/// letting Akka.Persistence.Sql create its tables (its creation queries use a MySQL-8-only view and fail on MariaDB).
/// The journal, tag and snapshot tables match what the plugin's default table mapping reads and writes (tags in their
/// own table, no metadata table: <c>delete-compatibility-mode</c> is off), with the plugin's own index names, so that a
/// database the plugin created earlier is already complete. StoreSchemaSpec compares the two.
/// </summary>
public static class StoreSchema
{
    /// <summary>
    /// The version of this DDL and of what its rows may hold. Bump it with any change, and teach
    /// <see cref="SchemaInstaller"/> the step. Versions 2 to 4 only added tables (4: the wisp twins of the projected
    /// tables), which the installer creates where they are missing, so older stores need no other step. Version 5
    /// changes no table: rig events and snapshots may now be compressed (CompressedStoreSerializer), which a host of
    /// version 4 cannot read, so it refuses the store instead of failing each rig's recovery.
    /// </summary>
    public const int Version = 5;

    public const string VersionDescription =
        "the tables of version 4 (journal, tags, snapshots, projected tables and their wisp twins, sharding's tables); rig events and snapshots compressed when large";

    /// <summary>Which versions of our DDL were applied to this database, and when.</summary>
    public static readonly TableDefinition SchemaVersion = new(
        "schema_version",
        [
            new("version", ColumnType.Int32),
            new("description", ColumnType.Text, Length: 200),
            new("applied_at", ColumnType.Text, Length: 40),
        ],
        PrimaryKey: ["version"],
        Indexes: []);

    public static readonly TableDefinition Journal = new(
        "journal",
        [
            new("ordering", ColumnType.Identity),
            new("created", ColumnType.Int64),
            new("deleted", ColumnType.Boolean),
            new("persistence_id", ColumnType.Text, Length: 255),
            new("sequence_number", ColumnType.Int64),
            new("message", ColumnType.Blob),
            new("manifest", ColumnType.Text, Nullable: true, Length: 500),
            new("identifier", ColumnType.Int32, Nullable: true),
            new("writer_uuid", ColumnType.Text, Nullable: true, Length: 128),
        ],
        PrimaryKey: ["ordering"],
        Indexes:
        [
            new("journal_uq", Unique: true, ["persistence_id", "sequence_number"]),
            new("journal_created_idx", Unique: false, ["created"]),
            new("journal_sequence_number_idx", Unique: false, ["sequence_number"]),
        ]);

    public static readonly TableDefinition Tags = new(
        "tags",
        [
            new("ordering_id", ColumnType.Int64),
            new("tag", ColumnType.Text, Length: 64),
            new("sequence_nr", ColumnType.Int64),
            new("persistence_id", ColumnType.Text, Length: 255),
        ],
        PrimaryKey: ["ordering_id", "tag"],
        Indexes:
        [
            new("tags_persistence_id_sequence_nr_idx", Unique: false, ["persistence_id", "sequence_nr"]),
            new("tags_tag_idx", Unique: false, ["tag"]),
        ]);

    public static readonly TableDefinition Snapshot = new(
        "snapshot",
        [
            new("persistence_id", ColumnType.Text, Length: 255),
            new("sequence_number", ColumnType.Int64),
            new("created", ColumnType.Int64),
            new("snapshot", ColumnType.Blob, Nullable: true),
            new("manifest", ColumnType.Text, Nullable: true, Length: 500),
            new("serializer_id", ColumnType.Int32, Nullable: true),
        ],
        PrimaryKey: ["persistence_id", "sequence_number"],
        Indexes:
        [
            new("snapshot_sequence_number_idx", Unique: false, ["sequence_number"]),
            new("snapshot_created_idx", Unique: false, ["created"]),
        ]);

    /// <summary>
    /// Cluster sharding's coordinator state and remembered rigs live in tables of their own, shaped as the journal's
    /// (the same plugin writes them): they never mix with the rigs' events, and can be cleared without touching them.
    /// </summary>
    public static readonly TableDefinition ShardingJournal = Renamed(Journal, "sharding_journal");
    public static readonly TableDefinition ShardingTags = Renamed(Tags, "sharding_tags");
    public static readonly TableDefinition ShardingSnapshot = Renamed(Snapshot, "sharding_snapshot");

    /// <summary>The tables of <see cref="Version"/>, in the order they are created.</summary>
    public static IReadOnlyList<TableDefinition> Tables { get; } =
        [SchemaVersion, Journal, Tags, Snapshot, ShardingJournal, ShardingTags, ShardingSnapshot, .. ProjectedTables.All];

    /// <summary>The same table under another name; its index names follow, since SQLite's are database-wide.</summary>
    private static TableDefinition Renamed(TableDefinition table, string name) => table with
    {
        Name = name,
        Indexes = [.. table.Indexes.Select(index => index with { Name = name + index.Name[table.Name.Length..] })],
    };
}
