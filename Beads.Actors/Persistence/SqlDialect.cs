using System.Data.Common;

namespace Beads.Actors.Persistence;

/// <summary>How one backend spells our <see cref="TableDefinition"/>s: SQLite for the embedded store, MySQL for servers.</summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect MySql = new MySqlDialect();
    public static readonly SqlDialect Sqlite = new SqliteDialect();

    /// <summary>A new, closed connection to a database of this dialect.</summary>
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>
    /// Rows per INSERT in a <see cref="SqlScript"/>; more than one also sends the whole script as one command.
    /// </summary>
    public abstract int RowsPerStatement { get; }

    /// <summary>What a projection writer's connection runs once when opened; empty when it needs nothing.</summary>
    public abstract string WriterSession { get; }

    /// <summary>What makes a SELECT lock the rows it reads until the transaction ends.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Statements that create the table and its indexes unless they exist, so they may run at every start.</summary>
    public abstract IReadOnlyList<string> CreateTable(TableDefinition table);

    /// <summary>An INSERT that silently skips a row whose primary key is already there.</summary>
    public abstract string InsertIfAbsent(string table, IReadOnlyList<string> columns);

    /// <summary>
    /// A multi-row INSERT that overwrites every other column of a row whose primary key is already there: the
    /// idempotent write the projection repeats safely after a crash. <paramref name="rows"/> holds each row's parameter
    /// names, in the order of the table's columns.
    /// </summary>
    public string Upsert(TableDefinition table, IReadOnlyList<IReadOnlyList<string>> rows) =>
        $"INSERT INTO {Quote(table.Name)} ({QuotedList(table.Columns.Select(c => c.Name))}) VALUES " +
        string.Join(", ", rows.Select(row => $"({string.Join(", ", row)})")) +
        " " + OnConflictUpdate(table, [.. table.Columns.Select(c => c.Name).Except(table.PrimaryKey)]);

    /// <summary>Deletes the rows whose <paramref name="column"/> is one of <paramref name="values"/> within one rig.</summary>
    public string DeleteOfRig(TableDefinition table, string rigParameter, string column, IReadOnlyList<string> values) =>
        $"DELETE FROM {Quote(table.Name)} WHERE {Quote("rig")} = {rigParameter} AND {Quote(column)} IN ({string.Join(", ", values)})";

    /// <summary>The value to bind for a <see cref="ColumnType.Timestamp"/> column: UTC, cut to the microsecond.</summary>
    public object Timestamp(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return TimestampValue(utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond)));
    }

    protected abstract object TimestampValue(DateTime utcMicroseconds);

    /// <summary>The clause that turns an INSERT into an upsert; no <paramref name="updated"/> columns means "keep the row".</summary>
    protected abstract string OnConflictUpdate(TableDefinition table, IReadOnlyList<string> updated);

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
