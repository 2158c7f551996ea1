using System.Data.Common;
using MySqlConnector;

namespace Beads.Actors.Persistence;

/// <summary>
/// SQL that MySQL 8, MariaDB 10.11 and Dolt all accept: indexes are declared inside CREATE TABLE (CREATE INDEX IF NOT
/// EXISTS is MariaDB-only), and no engine is named (Dolt has its own).
/// </summary>
public sealed class MySqlDialect : SqlDialect
{
    public override DbConnection CreateConnection(string connectionString) => new MySqlConnection(connectionString);

    // Well inside the server's packet size for rows of ordinary issues, and one round trip for a whole batch.
    public override int RowsPerStatement => 100;

    public override string WriterSession => "";

    public override string ForUpdate => " FOR UPDATE";

    public override IReadOnlyList<string> CreateTable(TableDefinition table)
    {
        var parts = table.Columns.Select(Column)
            .Append($"PRIMARY KEY ({QuotedList(table.PrimaryKey)})")
            .Concat(table.Indexes.Select(index =>
                $"{(index.Unique ? "UNIQUE KEY" : "KEY")} {Quote(index.Name)} ({QuotedList(index.Columns)})"));
        // A binary collation whatever the server's default: MySQL's and MariaDB's default ones ignore case, which
        // would give rigs "A" and "a" one journal.
        return [$"""
            CREATE TABLE IF NOT EXISTS {Quote(table.Name)} (
              {string.Join(",\n  ", parts)}
            ) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
            """];
    }

    public override string InsertIfAbsent(string table, IReadOnlyList<string> columns) =>
        $"INSERT IGNORE INTO {Quote(table)} ({QuotedList(columns)}) VALUES ({Values(columns)})";

    // VALUES(column) is deprecated in MySQL 8.0.20+ but still accepted; its replacement (INSERT ... AS alias) is
    // unknown to MariaDB and Dolt, and only this spelling runs on all three.
    protected override string OnConflictUpdate(TableDefinition table, IReadOnlyList<string> updated) =>
        "ON DUPLICATE KEY UPDATE " + (updated.Count == 0
            ? $"{Quote(table.PrimaryKey[0])} = {Quote(table.PrimaryKey[0])}"
            : string.Join(", ", updated.Select(c => $"{Quote(c)} = VALUES({Quote(c)})")));

    protected override object TimestampValue(DateTime utcMicroseconds) => utcMicroseconds;

    protected override string Quote(string identifier) => $"`{identifier}`";

    protected override string TypeOf(TableColumn column) => column.Type switch
    {
        ColumnType.Identity => "BIGINT NOT NULL AUTO_INCREMENT",
        ColumnType.Int64 => "BIGINT",
        ColumnType.Int32 => "INT",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Text => $"VARCHAR({column.Length})",
        ColumnType.LongText => "LONGTEXT",
        ColumnType.Timestamp => "DATETIME(6)",
        ColumnType.Blob => "LONGBLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "no MySQL type for this column type"),
    };
}
