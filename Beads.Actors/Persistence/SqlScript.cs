using System.Data.Common;

namespace Beads.Actors.Persistence;

/// <summary>
/// Statements and their values, run in one transaction the way the backend runs them fastest
/// (<see cref="SqlDialect.RowsPerStatement"/>): a server gets multi-row statements, all in one command, one round trip
/// for a whole batch; SQLite, which binds parameters by a linear search of names (quadratic in a statement's
/// parameters), gets one row per statement, each distinct statement prepared once and run again with new values.
/// Values are made fit for their columns on the way in: times in the dialect's form, text cut to the column's length
/// (never inside a surrogate pair), so that a value the rig accepted can never make a write fail.
/// </summary>
public sealed class SqlScript(SqlDialect dialect)
{
    private readonly List<(string Sql, object[] Values)> _statements = [];
    private int _parameters;

    /// <summary>Whether the statements go to the server as one command, or one by one.</summary>
    private bool OneCommand => dialect.RowsPerStatement > 1;

    /// <summary>Upserts a row made from each source, its values taken as <paramref name="table"/>'s columns say.</summary>
    public void Upsert<TRow>(ProjectedTable<TRow> table, IEnumerable<TRow> rows) => Upsert(table.Definition, rows.Select(table.Row));

    private void Upsert(TableDefinition table, IEnumerable<object?[]> rows)
    {
        foreach (var chunk in rows.Chunk(dialect.RowsPerStatement))
        {
            var values = chunk.SelectMany(row => Fit(table, row)).ToArray();
            var names = Names(values.Length);
            var columns = table.Columns.Length;
            Add(dialect.Upsert(table, [.. Enumerable.Range(0, chunk.Length).Select(r => names[(r * columns)..((r + 1) * columns)])]), values);
        }
    }

    /// <summary>Deletes the rows of one rig whose <paramref name="column"/> holds one of <paramref name="values"/>.</summary>
    public void DeleteOfRig(TableDefinition table, string rig, string column, IEnumerable<string> values)
    {
        var definition = table.Columns.Single(c => c.Name == column);
        foreach (var chunk in values.Chunk(dialect.RowsPerStatement))
        {
            var names = Names(chunk.Length + 1);
            Add(dialect.DeleteOfRig(table, names[0], column, names[1..]), [rig, .. chunk.Select(value => Fit(definition, value))]);
        }
    }

    public async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, int timeoutSeconds, CancellationToken cancellation)
    {
        if (OneCommand)
        {
            // The statements joined; their parameters are numbered on through the whole script.
            await using var command = NewCommand(connection, transaction, timeoutSeconds);
            command.CommandText = string.Join(";\n", _statements.Select(statement => statement.Sql));
            AddParameters(command, [.. _statements.SelectMany(statement => statement.Values)]);
            await command.ExecuteNonQueryAsync(cancellation);
            return;
        }
        var prepared = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        try
        {
            foreach (var (sql, values) in _statements)
            {
                if (!prepared.TryGetValue(sql, out var command))
                {
                    command = NewCommand(connection, transaction, timeoutSeconds);
                    command.CommandText = sql;
                    AddParameters(command, values);
                    prepared[sql] = command;
                }
                else
                {
                    for (var index = 0; index < values.Length; index++) command.Parameters[index].Value = values[index];
                }
                await command.ExecuteNonQueryAsync(cancellation);
            }
        }
        finally
        {
            foreach (var command in prepared.Values) await command.DisposeAsync();
        }
    }

    private void Add(string sql, object[] values) => _statements.Add((sql, values));

    private static DbCommand NewCommand(DbConnection connection, DbTransaction transaction, int timeoutSeconds)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = timeoutSeconds;
        return command;
    }

    private static void AddParameters(DbCommand command, object[] values)
    {
        for (var index = 0; index < values.Length; index++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = Name(index);
            parameter.Value = values[index];
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>Names for a statement's parameters: numbered on through the script when it goes as one command.</summary>
    private string[] Names(int count)
    {
        var first = OneCommand ? _parameters : 0;
        _parameters += count;
        return [.. Enumerable.Range(first, count).Select(Name)];
    }

    private static string Name(int index) => $"@p{index}";

    private object[] Fit(TableDefinition table, object?[] row)
    {
        if (row.Length != table.Columns.Length)
            throw new ArgumentException($"a row of {table.Name} needs {table.Columns.Length} values, not {row.Length}", nameof(row));
        return [.. row.Select((value, column) => Fit(table.Columns[column], value))];
    }

    private object Fit(TableColumn column, object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset at => dialect.Timestamp(at),
        string text when column.Type == ColumnType.Text && text.Length > column.Length => Clip(text, column.Length),
        _ => value,
    };

    private static string Clip(string text, int length) =>
        char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
}
