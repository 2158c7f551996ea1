using System.Collections.Immutable;

namespace Beads.Actors.Persistence;

/// <summary>A column of a projected table, and where a row's value for it comes from.</summary>
public sealed record ProjectedColumn<TRow>(TableColumn Column, Func<TRow, object?> Value);

/// <summary>
/// A table the writers project into, each column written beside the value it takes from a <typeparamref name="TRow"/>:
/// a column added, dropped or moved changes the schema and the rows at once, so they cannot drift apart.
/// </summary>
public sealed class ProjectedTable<TRow>
{
    private readonly ImmutableArray<ProjectedColumn<TRow>> _columns;
    private readonly ImmutableArray<Func<TRow, object?>> _values;

    public ProjectedTable(string name, ImmutableArray<ProjectedColumn<TRow>> columns, ImmutableArray<string> primaryKey,
        ImmutableArray<TableIndex> indexes)
    {
        Definition = new TableDefinition(name, [.. columns.Select(column => column.Column)], primaryKey, indexes);
        _columns = columns;
        _values = [.. columns.Select(column => column.Value)];
    }

    /// <summary>
    /// The same columns, key and indexes under another table name (beads keeps wisps in twins of its tables); each
    /// index is renamed after the new table, since index names share one namespace in a SQLite file.
    /// </summary>
    public ProjectedTable<TRow> Twin(string name) => new(
        name, _columns, Definition.PrimaryKey,
        [
            .. Definition.Indexes.Select(index => index.Name.StartsWith(Definition.Name + "_", StringComparison.Ordinal)
                ? index with { Name = name + index.Name[Definition.Name.Length..] }
                : throw new InvalidOperationException($"index {index.Name} of {Definition.Name} is not named after its table")),
        ]);

    public TableDefinition Definition { get; }

    /// <summary>The row's values in the order of the table's columns.</summary>
    public object?[] Row(TRow row)
    {
        var values = new object?[_values.Length];
        for (var index = 0; index < values.Length; index++) values[index] = _values[index](row);
        return values;
    }
}
