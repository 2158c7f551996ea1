using System.Text.Json;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// beads' boolean fields that this model keeps among an issue's other beads fields (<see cref="Issue.Extra"/>), as a
/// beads export carries them: <c>ephemeral</c> (a wisp) and the <c>pinned</c> flag.
/// </summary>
public static class IssueFlags
{
    public const string Ephemeral = "ephemeral";
    public const string Pinned = "pinned";

    private static readonly JsonElement True = JsonDocument.Parse("true").RootElement.Clone();

    /// <summary>
    /// beads' wisp: an issue kept out of the JSONL, exports and git (agents' heartbeats, mail, patrol steps), left out
    /// of lists and ready work unless asked for, and forgotten without a trace when deleted.
    /// </summary>
    public static bool IsEphemeral(Issue issue) => Has(issue, Ephemeral);

    public static bool Has(Issue issue, string name) =>
        issue.Extra?.TryGetValue(name, out var value) == true && value.ValueKind == JsonValueKind.True;

    /// <summary>The issue with the flag set, its other extra fields kept (a new dictionary: an issue's is never changed).</summary>
    public static Issue With(Issue issue, string name) =>
        issue with { Extra = new Dictionary<string, JsonElement>(issue.Extra ?? [], StringComparer.Ordinal) { [name] = True } };
}
