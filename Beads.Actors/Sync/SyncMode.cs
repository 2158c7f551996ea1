namespace Beads.Actors.Sync;

/// <summary>
/// What a rig's periodic sync does, beads' <c>sync.mode</c>. The names are beads' own, so that a beads
/// <c>.beads/config.yaml</c> means the same here.
/// </summary>
public enum SyncMode
{
    /// <summary>JSONL in the rig's git repository: written, committed, pushed when there is a remote (beads' default).</summary>
    GitPortable,

    /// <summary>As git-portable, but the JSONL is flushed as soon as possible after every change.</summary>
    Realtime,

    /// <summary>A Dolt commit and push; the JSONL is written only as a backup and not committed to git.</summary>
    DoltNative,

    /// <summary>Both git-portable and dolt-native.</summary>
    BeltAndSuspenders,

    /// <summary>Dolt only: no JSONL at all.</summary>
    DoltOnly,
}

public static class SyncModes
{
    private static readonly (SyncMode Mode, string Name)[] Names =
    [
        (SyncMode.GitPortable, "git-portable"), (SyncMode.Realtime, "realtime"), (SyncMode.DoltNative, "dolt-native"),
        (SyncMode.BeltAndSuspenders, "belt-and-suspenders"), (SyncMode.DoltOnly, "dolt-only"),
    ];

    public static string Valid => string.Join(", ", Names.Select(n => n.Name));

    public static string Name(this SyncMode mode) => Names.Single(n => n.Mode == mode).Name;

    public static SyncMode? Parse(string text)
    {
        var wanted = text.Trim().ToLowerInvariant();
        foreach (var (mode, name) in Names)
        {
            if (name == wanted) return mode;
        }
        return null;
    }

    /// <summary>Modes whose sync commits the JSONL to the rig's git repository.</summary>
    public static bool CommitsToGit(this SyncMode mode) =>
        mode is SyncMode.GitPortable or SyncMode.Realtime or SyncMode.BeltAndSuspenders;

    /// <summary>Modes whose sync makes a Dolt commit and pushes it.</summary>
    public static bool CommitsToDolt(this SyncMode mode) =>
        mode is SyncMode.DoltNative or SyncMode.BeltAndSuspenders or SyncMode.DoltOnly;
}
