using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Beads.Actors.Persistence;

/// <summary>The embedded store's SQL: SQLite numbers rows itself only for an INTEGER PRIMARY KEY AUTOINCREMENT column.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    /// <summary>
    /// What every connection that writes the file runs first. The busy timeout makes SQLite itself wait for a busy
    /// file's write lock, in steps of a few milliseconds: without it the driver (Microsoft.Data.Sqlite) sleeps 150 ms
    /// each time it finds the file busy, and with the journal and the projection writers taking turns at one file that
    /// made durable commands ten times slower. The size limit applies whenever the -wal file starts over after a
    /// checkpoint: SQLite keeps it at its largest otherwise, and an import or a checkpoint held back by readers left
    /// 5-10 MB of it beside every store for good; 4 MiB is what the automatic checkpoint (1,000 pages) lets it reach
    /// anyway, so ordinary writes never grow the file again.
    /// </summary>
    public const string EveryConnection = "PRAGMA busy_timeout = 30000; PRAGMA journal_size_limit = 4194304;";

    // There are no round trips to save, and the driver binds each parameter by a linear search of the statement's names.
    public override int RowsPerStatement => 1;

    // A transaction here begins IMMEDIATE, holding the database's write lock from its start.
    public override string ForUpdate => "";

    // The tables can always be rebuilt from the journal, so their commits need not wait for the disk (the journal's do).
    public override string WriterSession => $"{EveryConnection} PRAGMA synchronous = NORMAL;";

    public override IReadOnlyList<string> CreateTable(TableDefinition table)
    {
        var identity = table.Columns.Any(c => c.Type == ColumnType.Identity);
        var parts = table.Columns.Select(Column);
        if (!identity) parts = parts.Append($"PRIMARY KEY ({QuotedList(table.PrimaryKey)})");
        var create = $"""
            CREATE TABLE IF NOT EXISTS {Quote(table.Name)} (
              {string.Join(",\n  ", parts)}
            )
            """;
        return table.Indexes
            .Select(index => $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {Quote(index.Name)} " +
                             $"ON {Quote(table.Name)} ({QuotedList(index.Columns)})")
            .Prepend(create)
            .ToList();
    }

    public override string InsertIfAbsent(string table, IReadOnlyList<string> columns) =>
        $"INSERT OR IGNORE INTO {Quote(table)} ({QuotedList(columns)}) VALUES ({Values(columns)})";

    protected override string OnConflictUpdate(TableDefinition table, IReadOnlyList<string> updated) =>
        updated.Count == 0
            ? "ON CONFLICT DO NOTHING"
            : $"ON CONFLICT ({QuotedList(table.PrimaryKey)}) DO UPDATE SET " +
              string.Join(", ", updated.Select(c => $"{Quote(c)} = excluded.{Quote(c)}"));

    /// <summary>The text form SQLite's date functions read, and which sorts in time order.</summary>
    protected override object TimestampValue(DateTime utcMicroseconds) =>
        utcMicroseconds.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);

    protected override string Quote(string identifier) => $"\"{identifier}\"";

    protected override string TypeOf(TableColumn column) => column.Type switch
    {
        ColumnType.Identity => "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT",
        ColumnType.Int64 or ColumnType.Int32 or ColumnType.Boolean => "INTEGER",
        ColumnType.Text => $"VARCHAR({column.Length})",
        // SQLite's own date functions read this text, and it sorts in time order.
        ColumnType.LongText or ColumnType.Timestamp => "TEXT",
        ColumnType.Blob => "BLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "no SQLite type for this column type"),
    };
}
