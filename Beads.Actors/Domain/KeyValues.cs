using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// beads' key-value store: a user's key, kept exactly as typed, under <c>kv.</c> in the rig's settings, so that it is
/// journaled, replicated and audited as every setting is. beads' rules for a key: not empty, not nested under
/// <c>kv.</c>, not under a prefix beads keeps for its own settings.
/// </summary>
public static class KeyValues
{
    private static readonly string[] ReservedPrefixes = ["sync.", "conflict.", "federation.", "jira.", "linear.", "export.", "import."];

    /// <summary>What is wrong with <paramref name="key"/> as a key, or null when it may be used.</summary>
    public static string? Problem(string key)
    {
        if (key.Length == 0) return "key cannot be empty";
        if (string.IsNullOrWhiteSpace(key)) return "key cannot be only whitespace";
        if (key.Any(char.IsControl)) return "key cannot hold control characters (a newline, a tab)";
        if (key.StartsWith(SetKeyValue.StoragePrefix, StringComparison.Ordinal))
            return $"key cannot start with '{SetKeyValue.StoragePrefix}' (would create nested prefix)";
        return ReservedPrefixes.FirstOrDefault(prefix => key.StartsWith(prefix, StringComparison.Ordinal)) is { } reserved
            ? $"key cannot start with reserved prefix \"{reserved}\""
            : null;
    }

    public static Result<Decision> Set(RigState state, SetKeyValue command, DateTimeOffset now)
    {
        if (Problem(command.Key) is { } problem) return IssueValidation.Invalid($"invalid key: {problem}");
        var storageKey = SetKeyValue.StoragePrefix + command.Key;
        if (state.Config.GetValueOrDefault(storageKey, "") == command.Value) return Decision.Unchanged(RigDecider.Info(state));
        return new Decision([new RigConfigChanged(storageKey, command.Value, now, command.Actor)], RigDecider.Info);
    }
}
