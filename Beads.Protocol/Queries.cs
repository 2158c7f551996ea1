using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Beads.Protocol;

/// <summary>Name, prefix, home and size of the rig.</summary>
public sealed record GetRigInfo(string Rig) : IRigQuery;

/// <summary>The issues with these ids; each may be partial (a unique prefix, with or without the rig prefix).</summary>
public sealed record ShowIssues(string Rig, ImmutableList<string> Ids) : IRigQuery;

/// <summary>
/// beads' <c>bd query</c>: the issues an expression of its query language matches (wisps too, as beads answers),
/// closed ones only with <see cref="All"/> or when the expression names a status.
/// </summary>
public sealed record QueryIssues(string Rig, string Expression) : IRigQuery
{
    public bool All { get; init; }
    /// <summary>0 means all.</summary>
    public int Limit { get; init; } = 50;
    public string Sort { get; init; } = IssueSorts.Priority;
    public bool Reverse { get; init; }
}

/// <summary>beads' <c>bd lint</c>: the issues named, else those of <see cref="Status"/> (open by default; "all") and <see cref="Type"/>.</summary>
public sealed record LintIssues(string Rig, ImmutableList<string> Ids) : IRigQuery
{
    public string? Status { get; init; }
    public string? Type { get; init; }
}

/// <summary>beads' <c>bd count</c>: how many issues match, and with <see cref="GroupBy"/> how many in each group.</summary>
/// <param name="GroupBy">status, priority, type, assignee or label; null for the total alone.</param>
public sealed record CountIssues(string Rig, IssueFilter Filter) : IRigQuery
{
    public string? GroupBy { get; init; }
}

/// <summary>
/// beads' <c>bd stale</c>: open and in-progress issues (or those of <see cref="Status"/>) not updated for
/// <see cref="Days"/> days, the longest untouched first.
/// </summary>
public sealed record GetStaleIssues(string Rig, int Days) : IRigQuery
{
    public string? Status { get; init; }
    /// <summary>0 means all.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>bd doctor's look at a rig's data: duplicates, links to issues that are not there, test issues left behind.</summary>
public sealed record DiagnoseRig(string Rig) : IRigQuery;

/// <summary>beads' <c>bd epic status</c>: each open epic that has children, with how far they are.</summary>
public sealed record GetEpicStatus(string Rig) : IRigQuery;

/// <summary>Turns a partial id into the full one.</summary>
public sealed record ResolveId(string Rig, string PartialId) : IRigQuery;

public sealed record ListIssues(string Rig, IssueFilter Filter) : IRigQuery
{
    public string Sort { get; init; } = IssueSorts.Priority;
    public bool Reverse { get; init; }
    /// <summary>0 means all.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>Open, unblocked, undeferred work, in <see cref="Sort"/> order.</summary>
public sealed record GetReadyWork(string Rig, IssueFilter Filter) : IRigQuery
{
    public string Sort { get; init; } = IssueSorts.Priority;
    public int Limit { get; init; }
    /// <summary>Include the orchestration types (message, molecule, gate, merge-request, agent, role, rig).</summary>
    public bool IncludeOrchestration { get; init; }
}

/// <summary>Issues that cannot start, each with the ids that block it.</summary>
public sealed record GetBlockedIssues(string Rig, IssueFilter Filter) : IRigQuery;

/// <summary>Counts by status, blocked and ready work: beads' <c>bd stats</c>.</summary>
public sealed record GetStats(string Rig) : IRigQuery;

/// <summary>
/// What <see cref="Id"/> depends on, level by level (or, with <see cref="Reverse"/>, what depends on it), as a
/// depth-first list of nodes.
/// </summary>
public sealed record GetDependencyTree(string Rig, string Id) : IRigQuery
{
    public bool Reverse { get; init; }
    public int MaxDepth { get; init; } = 50;
}

/// <summary>Loops among the edges that order work; Beads refuses to create them, but imported data may hold some.</summary>
public sealed record FindCycles(string Rig) : IRigQuery;

/// <summary>Every label in use and how many issues carry it.</summary>
public sealed record GetLabels(string Rig) : IRigQuery;

/// <summary>Conditions an issue must meet; null or empty means "any".</summary>
public sealed record IssueFilter
{
    public static readonly IssueFilter Any = new();

    public ImmutableList<string> Statuses { get; init; } = [];
    public ImmutableList<string> Types { get; init; } = [];
    /// <summary>Types left out: bd list leaves out beads' infrastructure types unless asked for them.</summary>
    public ImmutableList<string> ExcludeTypes { get; init; } = [];
    public string? Assignee { get; init; }
    public bool UnassignedOnly { get; init; }
    /// <summary>The issue must carry all of these.</summary>
    public ImmutableList<string> Labels { get; init; } = [];
    /// <summary>The issue must carry at least one of these.</summary>
    public ImmutableList<string> LabelsAny { get; init; } = [];
    public ImmutableList<string> ExcludeLabels { get; init; } = [];
    public int? Priority { get; init; }
    public int? PriorityMin { get; init; }
    public int? PriorityMax { get; init; }
    public string? Parent { get; init; }
    public ImmutableList<string> Ids { get; init; } = [];
    public string? TitleContains { get; init; }
    /// <summary>Text that must appear in the id, the title or the description (beads' <c>bd search</c>).</summary>
    public string? Text { get; init; }
    public string? DescriptionContains { get; init; }
    public string? NotesContains { get; init; }
    /// <summary>Only issues whose description is empty.</summary>
    public bool EmptyDescription { get; init; }
    /// <summary>Only issues without a label.</summary>
    public bool NoLabels { get; init; }
    /// <summary>Closed issues are left out unless asked for by status or by this.</summary>
    public bool IncludeClosed { get; init; }
    /// <summary>beads' --created-after and the other date bounds: each kept when given; an issue with no such date never passes one.</summary>
    public TimeWindow Created { get; init; } = TimeWindow.Any;
    public TimeWindow Updated { get; init; } = TimeWindow.Any;
    public TimeWindow Closed { get; init; } = TimeWindow.Any;
    /// <summary>Ephemeral issues (beads' wisps) are left out unless asked for.</summary>
    public EphemeralIssues Ephemeral { get; init; } = EphemeralIssues.Exclude;
}

/// <summary>Written by name by every serialiser (bd's and the host's), so a message reads the same on both sides.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EphemeralIssues>))]
public enum EphemeralIssues
{
    Exclude,
    Include,
    /// <summary>Only them (beads' <c>query ephemeral=true</c>, <c>mol wisp list</c>).</summary>
    Only,
}

public static class IssueSorts
{
    /// <summary>priority ascending, then newest first, then id.</summary>
    public const string Priority = "priority";
    /// <summary>created_at ascending.</summary>
    public const string Oldest = "oldest";
    /// <summary>Recent issues by priority, then older ones oldest first, so old work does not starve.</summary>
    public const string Hybrid = "hybrid";
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Id = "id";
    public const string Title = "title";
    public const string Status = "status";

    public static readonly ImmutableArray<string> ForReady = [Priority, Oldest, Hybrid];
    public static readonly ImmutableArray<string> ForList = [Priority, Created, Updated, Id, Title, Status, Oldest, Hybrid];
}

/// <summary>Times strictly after <see cref="After"/> and strictly before <see cref="Before"/>, each bound when given.</summary>
public sealed record TimeWindow(DateTimeOffset? After = null, DateTimeOffset? Before = null)
{
    public static readonly TimeWindow Any = new();

    public bool Contains(DateTimeOffset? at) =>
        (After is null && Before is null) || (at is { } time && (After is null || time > After) && (Before is null || time < Before));
}
