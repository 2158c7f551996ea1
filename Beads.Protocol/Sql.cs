using System.Collections.Immutable;
using System.Text.Json;

namespace Beads.Protocol;

/// <summary>
/// A read-only SQL query against the store's tables (<c>bd sql</c>): the projected issues, dependencies, labels,
/// comments and events of every rig the store holds, and the journal. The host runs it beside the rigs, never in one.
/// </summary>
/// <param name="Limit">At most this many rows come back: 1 to <see cref="MaxLimit"/>.</param>
public sealed record SqlQuery(string Query, int Limit)
{
    /// <summary>The most rows one query may bring back.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>Why <paramref name="limit"/> cannot be a query's row limit, or null when it can.</summary>
    public static string? LimitProblem(int limit) =>
        limit is >= 1 and <= MaxLimit ? null : $"--limit {limit} is not a row limit bd sql can use: give 1 to {MaxLimit:N0}";
}

/// <summary>The rows a query found, each value as JSON (numbers as numbers, text as strings, NULL as null).</summary>
/// <param name="Truncated">More rows matched than a limit let through.</param>
public sealed record SqlResult(ImmutableList<string> Columns, ImmutableList<ImmutableList<JsonElement>> Rows, bool Truncated)
{
    /// <summary>Which limit cut the rows short, in words; null when none did.</summary>
    public string? CutBy { get; init; }
}
