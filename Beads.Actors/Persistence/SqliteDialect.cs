namespace Beads.Actors.Persistence;

/// <summary>The embedded store's SQL: SQLite numbers rows itself only for an INTEGER PRIMARY KEY AUTOINCREMENT column.</summary>
public sealed class SqliteDialect : SqlDialect
{
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

    protected override string Quote(string identifier) => $"\"{identifier}\"";

    protected override string TypeOf(TableColumn column) => column.Type switch
    {
        ColumnType.Identity => "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT",
        ColumnType.Int64 or ColumnType.Int32 or ColumnType.Boolean => "INTEGER",
        ColumnType.Text => $"VARCHAR({column.Length})",
        ColumnType.Blob => "BLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "no SQLite type for this column type"),
    };
}
