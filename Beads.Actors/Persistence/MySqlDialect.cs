namespace Beads.Actors.Persistence;

/// <summary>
/// SQL that MySQL 8, MariaDB 10.11 and Dolt all accept: indexes are declared inside CREATE TABLE (CREATE INDEX IF NOT
/// EXISTS is MariaDB-only), and no engine is named (Dolt has its own).
/// </summary>
public sealed class MySqlDialect : SqlDialect
{
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

    protected override string Quote(string identifier) => $"`{identifier}`";

    protected override string TypeOf(TableColumn column) => column.Type switch
    {
        ColumnType.Identity => "BIGINT NOT NULL AUTO_INCREMENT",
        ColumnType.Int64 => "BIGINT",
        ColumnType.Int32 => "INT",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Text => $"VARCHAR({column.Length})",
        ColumnType.Blob => "LONGBLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "no MySQL type for this column type"),
    };
}
