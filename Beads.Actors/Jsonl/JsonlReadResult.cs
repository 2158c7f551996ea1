using System.Collections.Immutable;
using System.Text.Json;
using Beads.Protocol;

namespace Beads.Actors.Jsonl;

/// <summary>What reading a JSONL file found: the issues, the lines that could not be read, and records of other kinds.</summary>
/// <param name="IssueLineNumbers">The 1-based line of each of <paramref name="Issues"/>, in the same order.</param>
public sealed record JsonlReadResult(
    ImmutableList<Issue> Issues,
    ImmutableList<JsonlBadLine> BadLines,
    ImmutableList<JsonlOtherRecord> OtherRecords,
    ImmutableList<int> IssueLineNumbers);

/// <summary>A line that holds no usable issue: its 1-based number and what is wrong with it.</summary>
public sealed record JsonlBadLine(int LineNumber, string Reason)
{
    public override string ToString() => $"line {LineNumber}: {Reason}";
}

/// <summary>
/// A line whose <c>_type</c> is not "issue", such as beads' <c>{"_type":"memory","key":..,"value":..}</c>: not ours to
/// interpret, so it is handed back whole rather than refused.
/// </summary>
public sealed record JsonlOtherRecord(int LineNumber, string Type, JsonElement Record);
