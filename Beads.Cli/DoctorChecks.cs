using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Beads.Protocol;

namespace Beads.Cli;

/// <summary>One of bd doctor's findings, in beads' doctor shape.</summary>
/// <param name="Status">ok, warning or error, as beads spells them.</param>
public sealed record DoctorCheck(string Name, string Status, string Message, string Category)
{
    public const string Ok = "ok", Warning = "warning", Error = "error";

    public string? Detail { get; init; }
    public string? Fix { get; init; }
}

/// <summary>How the rig's JSONL differs from the rig: ids missing from the file, in it but not in the rig, older or newer there.</summary>
public sealed record JsonlDrift(ImmutableList<string> Missing, ImmutableList<string> Extra, ImmutableList<string> Older,
    ImmutableList<string> Newer, ImmutableList<int> ConflictLines)
{
    public bool None => Missing.IsEmpty && Extra.IsEmpty && Older.IsEmpty && Newer.IsEmpty;

    /// <summary>A flush mends it: the file only lacks what the rig has, and nothing in it is newer or unknown to the rig.</summary>
    public bool FlushMends => !None && Extra.IsEmpty && Newer.IsEmpty && ConflictLines.IsEmpty;
}

/// <summary>
/// The comparisons bd doctor makes beside the rig's own checks, pure so that they are tested alone: the JSONL
/// against the rig, the SQL tables against the rig. Timestamps agree within a second, as the stores keep them at
/// different precisions.
/// </summary>
public static class DoctorChecks
{
    private static readonly TimeSpan SameInstant = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The file's lines (beads' JSONL) against the rig's issues, wisps left out (the file never has them). A line that
    /// is not JSON with an id is skipped (bd import reports it); git's conflict markers are counted apart.
    /// </summary>
    public static JsonlDrift Drift(string jsonl, IReadOnlyCollection<Issue> rigIssues)
    {
        var inFile = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var line in jsonl.Split('\n'))
            if (IdAndUpdate(line.TrimEnd('\r')) is { } entry) inFile[entry.Id] = entry.UpdatedAt;
        var inRig = rigIssues.ToDictionary(issue => issue.Id, issue => issue.UpdatedAt, StringComparer.Ordinal);
        var (older, newer) = (ImmutableList.CreateBuilder<string>(), ImmutableList.CreateBuilder<string>());
        foreach (var (id, updated) in inRig)
        {
            if (!inFile.TryGetValue(id, out var filed) || filed is not { } fileUpdated) continue;
            if (fileUpdated < updated - SameInstant) older.Add(id);
            else if (fileUpdated > updated + SameInstant) newer.Add(id);
        }
        return new JsonlDrift(
            [.. inRig.Keys.Where(id => !inFile.ContainsKey(id)).Order(StringComparer.Ordinal)],
            [.. inFile.Keys.Where(id => !inRig.ContainsKey(id)).Order(StringComparer.Ordinal)],
            [.. older.Order(StringComparer.Ordinal)], [.. newer.Order(StringComparer.Ordinal)], ConflictLines(jsonl));
    }

    /// <summary>The numbers of the lines that are git's conflict markers (a merge left unresolved).</summary>
    public static ImmutableList<int> ConflictLines(string jsonl) =>
    [
        .. jsonl.Split('\n').Select((line, index) => (Line: line.TrimEnd('\r'), Number: index + 1))
            .Where(l => l.Line.StartsWith("<<<<<<< ", StringComparison.Ordinal) || l.Line == "======="
                        || l.Line.StartsWith(">>>>>>> ", StringComparison.Ordinal))
            .Select(l => l.Number),
    ];

    /// <summary>The id a JSONL line is the issue of, or null for a line that is not one (blank, not JSON, a marker).</summary>
    public static string? IdOf(string line) => IdAndUpdate(line.TrimEnd('\r'))?.Id;

    /// <summary>The rig's issues the SQL <c>issues</c> table lacks or holds an older copy of (rows of id, updated_at).</summary>
    public static ImmutableList<string> BehindInTables(SqlResult rows, IReadOnlyCollection<Issue> rigIssues)
    {
        var projected = rows.Rows.Where(row => row[0].ValueKind == JsonValueKind.String)
            .ToDictionary(row => row[0].GetString()!, row => Instant(row[1]), StringComparer.Ordinal);
        return
        [
            .. rigIssues.Where(issue => !projected.TryGetValue(issue.Id, out var updated)
                                        || (updated is { } at && at < issue.UpdatedAt - SameInstant))
                .Select(issue => issue.Id).Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>A few ids and how many more, for a check's detail line.</summary>
    public static string Sample(IReadOnlyCollection<string> ids, int shown = 5) =>
        ids.Count <= shown ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(shown))} and {ids.Count - shown} more";

    private static (string Id, DateTimeOffset? UpdatedAt)? IdAndUpdate(string line)
    {
        if (line.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
                return null;
            return (id.GetString()!, root.TryGetProperty("updated_at", out var updated) ? Instant(updated) : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A stored timestamp (RFC 3339, or a database's "yyyy-MM-dd HH:mm:ss", both UTC).</summary>
    private static DateTimeOffset? Instant(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
}
