using System.Collections.Immutable;
using System.Text.Json;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

/// <summary>
/// Which issues are blocked, and by what, and which are deferred, computed over the whole rig at one instant.
/// <list type="bullet">
/// <item>An issue is blocked by each blocks or conditional-blocks target that is still open (neither closed nor pinned,
/// or for another rig's issue, not yet heard so from that rig: <see cref="CrossRigWaits"/>),
/// by a waits-for spawner that still has open children (any-children gates open once one child closes), and by a
/// blocked parent, through any number of parent-child levels. Open children never block their parent.</item>
/// <item>An issue is deferred when its defer_until lies in the future, or its status is deferred, or a parent of it
/// (at any level) is deferred.</item>
/// </list>
/// </summary>
public sealed class Readiness
{
    private readonly RigState _state;
    private readonly DateTimeOffset _now;
    private readonly Dictionary<string, ImmutableList<string>> _blockers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _deferred = new(StringComparer.Ordinal);

    public Readiness(RigState state, DateTimeOffset now)
    {
        _state = state;
        _now = now;
    }

    /// <summary>The ids that keep <paramref name="issue"/> from starting; empty when nothing does.</summary>
    public ImmutableList<string> BlockersOf(Issue issue)
    {
        if (IsResolved(issue.Status)) return [];
        if (_blockers.TryGetValue(issue.Id, out var known)) return known;
        _blockers[issue.Id] = []; // a parent-child cycle must not recurse forever
        var direct = DirectBlockersOf(issue);
        var blockers = direct.IsEmpty && Parent(issue) is { } parent && !BlockersOf(parent).IsEmpty
            ? [parent.Id]
            : direct;
        _blockers[issue.Id] = blockers;
        return blockers;
    }

    /// <summary>The open targets of the issue's own blocking edges, not counting what blocks its parents.</summary>
    public ImmutableList<string> DirectBlockersOf(Issue issue) =>
        issue.Dependencies.Where(IsOpenBlocker).Select(d => d.DependsOnId).ToImmutableList();

    public bool IsBlocked(Issue issue) => !BlockersOf(issue).IsEmpty;

    public bool IsDeferred(Issue issue)
    {
        if (_deferred.TryGetValue(issue.Id, out var known)) return known;
        _deferred[issue.Id] = false;
        var deferred = issue.Status == Statuses.Deferred
            || issue.DeferUntil > _now
            || (Parent(issue) is { } parent && IsDeferred(parent));
        _deferred[issue.Id] = deferred;
        return deferred;
    }

    /// <summary>Open, unblocked, undeferred, and work rather than coordination (unless those are asked for).</summary>
    public bool IsReady(Issue issue, bool includeOrchestration) =>
        issue.Status == Statuses.Open
        && !IssueFlags.IsEphemeral(issue)
        && !IsPinnedByFlag(issue)
        && (includeOrchestration || !Types.Orchestration.Contains(issue.IssueType))
        && !IsBlocked(issue)
        && !IsDeferred(issue);

    /// <summary>Closed and pinned issues are settled: they neither block nor count as blocked.</summary>
    public static bool IsResolved(string status) => Statuses.IsDone(status) || status == Statuses.Pinned;

    /// <summary>beads also has a pinned flag beside the pinned status (imports keep it as an extra field); its ready
    /// query skips pinned rows whatever their status.</summary>
    private static bool IsPinnedByFlag(Issue issue) => IssueFlags.Has(issue, IssueFlags.Pinned);

    private Issue? Parent(Issue issue) => _state.ParentOf(issue) is { } id ? _state.Find(id) : null;

    private bool IsOpenBlocker(Dependency dependency)
    {
        // An issue of another rig blocks until that rig says it is resolved; other external or missing targets never block.
        if (_state.Find(dependency.DependsOnId) is not { } target)
            return DependencyTypes.IsHardBlocker(dependency.Type) && _state.CrossRig.Blocks(dependency.DependsOnId);
        if (DependencyTypes.IsHardBlocker(dependency.Type)) return !IsResolved(target.Status);
        if (dependency.Type != DependencyTypes.WaitsFor) return false;
        var children = _state.ChildrenOf(target.Id).ToList();
        var open = children.Count(child => !IsResolved(child.Status));
        var anyChildrenGate = WaitsForGate(dependency) == "any-children";
        return anyChildrenGate ? open > 0 && open == children.Count : open > 0;
    }

    private static string WaitsForGate(Dependency dependency)
    {
        if (string.IsNullOrWhiteSpace(dependency.Metadata)) return "all-children";
        try
        {
            using var document = JsonDocument.Parse(dependency.Metadata);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("gate", out var gate)
                   && gate.ValueKind == JsonValueKind.String
                ? gate.GetString()!
                : "all-children";
        }
        catch (JsonException)
        {
            return "all-children";
        }
    }
}
