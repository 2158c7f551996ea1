using System.Collections.Immutable;

namespace Beads.Actors.Domain;

/// <summary>The statuses, issue types and dependency types beads knows, and what each one means for readiness.</summary>
public static class Vocabulary
{
    public static class Statuses
    {
        public const string Open = "open";
        public const string InProgress = "in_progress";
        public const string Blocked = "blocked";
        public const string Deferred = "deferred";
        public const string Closed = "closed";
        public const string Pinned = "pinned";
        public const string Hooked = "hooked";
        /// <summary>A deleted issue kept so that the deletion syncs; beads writes it, users never set it.</summary>
        public const string Tombstone = "tombstone";

        public static readonly ImmutableArray<string> BuiltIn =
            [Open, InProgress, Blocked, Deferred, Closed, Pinned, Hooked];

        /// <summary>Whether an issue in this status is finished, so that it no longer blocks anything.</summary>
        public static bool IsDone(string status) => status is Closed or Tombstone;
    }

    public static class Types
    {
        public const string Task = "task";
        public const string Epic = "epic";

        public static readonly ImmutableArray<string> BuiltIn =
            ["bug", "feature", Task, Epic, "chore", "decision", "message", "molecule", "gate", "spike", "story",
             "milestone"];

        /// <summary>Types beads itself writes (audit trail beads) that are valid without being offered to users.</summary>
        public static readonly ImmutableArray<string> Internal = ["event"];

        /// <summary>Coordination records, not work: left out of ready work unless asked for.</summary>
        public static readonly ImmutableHashSet<string> Orchestration =
            ["message", "molecule", "gate", "merge-request", "agent", "role", "rig"];

        public static readonly ImmutableDictionary<string, string> Aliases = new Dictionary<string, string>
        {
            ["enhancement"] = "feature",
            ["feat"] = "feature",
            ["dec"] = "decision",
            ["adr"] = "decision",
            ["investigation"] = "spike",
            ["timebox"] = "spike",
            ["user-story"] = "story",
            ["user_story"] = "story",
            ["ms"] = "milestone",
        }.ToImmutableDictionary();

        public static string Normalize(string type)
        {
            var lower = type.Trim().ToLowerInvariant();
            return Aliases.GetValueOrDefault(lower, lower);
        }
    }

    public static class DependencyTypes
    {
        public const string Blocks = "blocks";
        public const string ParentChild = "parent-child";
        public const string ConditionalBlocks = "conditional-blocks";
        public const string WaitsFor = "waits-for";
        public const string DiscoveredFrom = "discovered-from";

        /// <summary>The types that decide whether work is ready.</summary>
        public static readonly ImmutableArray<string> AffectingReadiness =
            [Blocks, ParentChild, ConditionalBlocks, WaitsFor];

        /// <summary>Links that only annotate, including the ones beads' agents write (authored-by, until, ...).</summary>
        public static readonly ImmutableArray<string> Annotations =
            ["related", DiscoveredFrom, "relates-to", "duplicates", "supersedes", "replies-to", "tracks", "caused-by",
             "validates", "authored-by", "assigned-to", "approved-by", "attests", "until", "delegated-from"];

        public static readonly ImmutableArray<string> All = [.. AffectingReadiness, .. Annotations];

        public static bool AffectsReadiness(string type) => AffectingReadiness.Contains(type);

        /// <summary>Edges under which the target must close before the issue may start.</summary>
        public static bool IsHardBlocker(string type) => type is Blocks or ConditionalBlocks;
    }
}
