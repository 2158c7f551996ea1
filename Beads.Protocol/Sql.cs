using System.Collections.Immutable;
using System.Text.Json;

namespace Beads.Protocol;

/// <summary>
/// A read-only SQL query against the store's tables (<c>bd sql</c>): the projected issues, dependencies, labels,
/// comments and events of every rig the store holds, and the journal. The host runs it beside the rigs, never in one.
/// </summary>
/// <param name="Limit">At most this many rows come back; the host caps it.</param>
public sealed record SqlQuery(string Query, int Limit);

/// <summary>The rows a query found, each value as JSON (numbers as numbers, text as strings, NULL as null).</summary>
/// <param name="Truncated">More rows matched than a limit let through.</param>
public sealed record SqlResult(ImmutableList<string> Columns, ImmutableList<ImmutableList<JsonElement>> Rows, bool Truncated)
{
    /// <summary>Which limit cut the rows short, in words; null when none did.</summary>
    public string? CutBy { get; init; }
}
