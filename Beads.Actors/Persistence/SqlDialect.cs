namespace Beads.Actors.Persistence;

/// <summary>How one backend spells our <see cref="TableDefinition"/>s: SQLite for the embedded store, MySQL for servers.</summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect MySql = new MySqlDialect();
    public static readonly SqlDialect Sqlite = new SqliteDialect();

    /// <summary>Statements that create the table and its indexes unless they exist, so they may run at every start.</summary>
    public abstract IReadOnlyList<string> CreateTable(TableDefinition table);

    /// <summary>An INSERT that silently skips a row whose primary key is already there.</summary>
    public abstract string InsertIfAbsent(string table, IReadOnlyList<string> columns);

    protected abstract string Quote(string identifier);

    /// <summary>The column's type, with NOT NULL and key clauses where the type needs them (an identity column).</summary>
    protected abstract string TypeOf(TableColumn column);

    protected string Column(TableColumn column)
    {
        var nullability = column.Type == ColumnType.Identity ? "" : column.Nullable ? " NULL" : " NOT NULL";
        return $"{Quote(column.Name)} {TypeOf(column)}{nullability}";
    }

    protected string QuotedList(IEnumerable<string> identifiers) => string.Join(", ", identifiers.Select(Quote));

    protected static string Values(IReadOnlyList<string> columns) => string.Join(", ", columns.Select(c => "@" + c));
}
