using System.Collections.Immutable;

namespace Beads.Actors.Domain;

/// <summary>Rig-level settings kept in the rig's journal (beads keeps them in its config table).</summary>
public static partial class RigConfigKeys
{
    /// <summary>Extra statuses, comma separated; beads' <c>name:category</c> form is accepted, the category ignored.</summary>
    public const string CustomStatuses = "status.custom";

    /// <summary>Extra issue types, comma separated.</summary>
    public const string CustomTypes = "types.custom";

    public static readonly ImmutableArray<string> Known = [CustomStatuses, CustomTypes];

    /// <summary>How long a claim's lease lasts (see <see cref="ClaimLeases"/>): 90s, 5m, 1h; 0 turns leases off.</summary>
    public const string ClaimLease = "claim.lease";

    /// <summary>The rig's id prefix, readable as beads has it; set only by bd init.</summary>
    public const string IssuePrefix = "issue_prefix";

    /// <summary>
    /// Keys of other tools' settings (jira.url, export.auto, routing.mode, ...): kept and listed as given, as beads keeps
    /// them, with the same shape as its keys.
    /// </summary>
    public static bool IsFreeFormKey(string key) => FreeFormKey().IsMatch(key);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$")]
    private static partial System.Text.RegularExpressions.Regex FreeFormKey();

    public static IEnumerable<string> ParseList(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split(':')[0].Trim().ToLowerInvariant())
            .Where(name => name.Length > 0);
}
