using System.Collections.Immutable;

namespace Beads.Actors.Persistence;

/// <summary>The portable kinds of column our tables use; each <see cref="SqlDialect"/> names them in its own SQL.</summary>
public enum ColumnType
{
    /// <summary>A 64-bit key the database numbers itself, and the table's primary key.</summary>
    Identity,
    Int64,
    Int32,
    Boolean,
    /// <summary>Text of at most <see cref="TableColumn.Length"/> characters, compared byte for byte.</summary>
    Text,
    /// <summary>Text of any length (descriptions, notes, JSON), never part of a key or an index.</summary>
    LongText,
    /// <summary>A point in time in UTC, to the microsecond: what MySQL's DATETIME(6) holds.</summary>
    Timestamp,
    Blob,
}

public sealed record TableColumn(string Name, ColumnType Type, bool Nullable = false, int Length = 0);

public sealed record TableIndex(string Name, bool Unique, ImmutableArray<string> Columns);

/// <summary>One table of our schema, written once and rendered for every backend by a <see cref="SqlDialect"/>.</summary>
public sealed record TableDefinition(
    string Name,
    ImmutableArray<TableColumn> Columns,
    ImmutableArray<string> PrimaryKey,
    ImmutableArray<TableIndex> Indexes);
