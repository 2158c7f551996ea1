using System.Collections.Immutable;

namespace Beads.Actors.Domain;

/// <summary>Rig-level settings kept in the rig's journal (beads keeps them in its config table).</summary>
public static class RigConfigKeys
{
    /// <summary>Extra statuses, comma separated; beads' <c>name:category</c> form is accepted, the category ignored.</summary>
    public const string CustomStatuses = "status.custom";

    /// <summary>Extra issue types, comma separated.</summary>
    public const string CustomTypes = "types.custom";

    public static readonly ImmutableArray<string> Known = [CustomStatuses, CustomTypes];

    public static IEnumerable<string> ParseList(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split(':')[0].Trim().ToLowerInvariant())
            .Where(name => name.Length > 0);
}
