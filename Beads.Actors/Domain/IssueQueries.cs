using System.Collections.Immutable;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

/// <summary>list, ready and blocked over a rig's state: pure functions of the state and the time.</summary>
public static class IssueQueries
{
    /// <summary>How long an issue counts as recent for the hybrid sort.</summary>
    public static readonly TimeSpan HybridRecentWindow = TimeSpan.FromHours(48);

    public static Result<ImmutableList<Issue>> List(RigState state, ListIssues query, DateTimeOffset now)
    {
        if (!IssueSorts.ForList.Contains(query.Sort))
            return InvalidSort(query.Sort, IssueSorts.ForList);
        var matching = Matching(state, query.Filter);
        var sorted = Sort(matching, query.Sort, now);
        if (query.Reverse) sorted = sorted.Reverse();
        return Limit(sorted, query.Limit);
    }

    public static Result<ImmutableList<Issue>> Ready(RigState state, GetReadyWork query, DateTimeOffset now)
    {
        if (!IssueSorts.ForReady.Contains(query.Sort))
            return InvalidSort(query.Sort, IssueSorts.ForReady);
        var readiness = new Readiness(state, now);
        var ready = Matching(state, query.Filter with { Statuses = [Statuses.Open] })
            .Where(issue => readiness.IsReady(issue, query.IncludeOrchestration || !query.Filter.Types.IsEmpty));
        return Limit(Sort(ready, query.Sort, now), query.Limit);
    }

    /// <summary>bd query: the issues the expression matches, sorted and limited as list's are.</summary>
    public static Result<ImmutableList<Issue>> Query(RigState state, QueryIssues query, DateTimeOffset now)
    {
        if (!IssueSorts.ForList.Contains(query.Sort))
            return InvalidSort(query.Sort, IssueSorts.ForList);
        var parsed = IssueQueryLanguage.Parse(state, query.Expression, now);
        if (!parsed.IsOk) return parsed.Error!;
        var closedToo = query.All || IssueQueryLanguage.NamesStatus(parsed.Value);
        var matching = state.Issues.Values.Where(issue =>
            (closedToo || !Statuses.IsDone(issue.Status)) && IssueQueryLanguage.Matches(state, parsed.Value, issue, now));
        var sorted = Sort(matching, query.Sort, now);
        return Limit(query.Reverse ? sorted.Reverse() : sorted, query.Limit);
    }

    /// <summary>
    /// bd count: the matching issues, and with a group the count in each, named as beads names them (P2, (unassigned),
    /// (no labels)); an issue with two labels counts in both labels' groups and once in the total.
    /// </summary>
    public static Result<IssueCounts> Count(RigState state, CountIssues query)
    {
        Func<Issue, IEnumerable<string>>? groupsOf = query.GroupBy switch
        {
            null => _ => [],
            "status" => issue => [issue.Status],
            "priority" => issue => [$"P{issue.Priority}"],
            "type" => issue => [issue.IssueType],
            "assignee" => issue => [string.IsNullOrEmpty(issue.Assignee) ? "(unassigned)" : issue.Assignee],
            "label" => issue => issue.Labels.IsEmpty ? ["(no labels)"] : issue.Labels,
            _ => null,
        };
        if (groupsOf is null)
            return IssueValidation.Invalid($"unknown group '{query.GroupBy}': count by status, priority, type, assignee or label");
        var matching = Matching(state, query.Filter).ToList();
        var groups = matching.SelectMany(groupsOf)
            .GroupBy(group => group)
            .Select(group => new GroupCount(group.Key, group.Count()))
            .OrderBy(group => group.Group, StringComparer.Ordinal);
        return new IssueCounts(matching.Count, [.. groups]);
    }

    /// <summary>The statuses bd stale may look at; by default the first two, as beads.</summary>
    public static readonly ImmutableArray<string> StaleStatuses = [Statuses.Open, Statuses.InProgress, Statuses.Blocked, Statuses.Deferred];

    /// <summary>bd stale: live, non-ephemeral issues untouched for the days asked, the longest untouched first.</summary>
    public static Result<ImmutableList<Issue>> Stale(RigState state, GetStaleIssues query, DateTimeOffset now)
    {
        if (query.Days < 1) return IssueValidation.Invalid($"--days must be at least 1 (got {query.Days})");
        if (query.Status is { } status && !StaleStatuses.Contains(status))
            return IssueValidation.Invalid($"invalid status '{status}': use one of {string.Join(", ", StaleStatuses)}");
        ImmutableArray<string> statuses = query.Status is null ? [Statuses.Open, Statuses.InProgress] : [query.Status];
        var cutoff = now.AddDays(-query.Days);
        return Limit(state.Issues.Values
            .Where(issue => issue.UpdatedAt < cutoff && statuses.Contains(issue.Status) && !IssueFlags.IsEphemeral(issue))
            .OrderBy(issue => issue.UpdatedAt)
            .ThenBy(issue => issue.Id, StringComparer.Ordinal), query.Limit);
    }

    public static ImmutableList<BlockedIssue> Blocked(RigState state, IssueFilter filter, DateTimeOffset now)
    {
        var readiness = new Readiness(state, now);
        return Sort(Matching(state, filter), IssueSorts.Priority, now)
            .Select(issue => new BlockedIssue(issue, readiness.BlockersOf(issue)))
            .Where(blocked => !blocked.BlockedBy.IsEmpty)
            .ToImmutableList();
    }

    public static IEnumerable<Issue> Matching(RigState state, IssueFilter filter)
    {
        var parent = filter.Parent;
        // Filters are spelled as users type them: in-progress for in_progress, feat for feature.
        var statuses = filter.Statuses.Select(s => IssueValidation.Status(state, s) is { IsOk: true } ok ? ok.Value : s).ToHashSet();
        var types = filter.Types.Select(Types.Normalize).ToHashSet();
        var excludedTypes = filter.ExcludeTypes.Select(Types.Normalize).ToHashSet();
        return state.Issues.Values.Where(issue =>
            (statuses.Count == 0
                ? filter.IncludeClosed || !Statuses.IsDone(issue.Status)
                : statuses.Contains(issue.Status))
            && (types.Count == 0 || types.Contains(issue.IssueType))
            && !excludedTypes.Contains(issue.IssueType)
            && filter.Ephemeral switch
            {
                EphemeralIssues.Exclude => !IssueFlags.IsEphemeral(issue),
                EphemeralIssues.Only => IssueFlags.IsEphemeral(issue),
                _ => true,
            }
            && (filter.Assignee is null || issue.Assignee == filter.Assignee)
            && (!filter.UnassignedOnly || string.IsNullOrEmpty(issue.Assignee))
            && filter.Labels.All(issue.Labels.Contains)
            && (filter.LabelsAny.IsEmpty || filter.LabelsAny.Any(issue.Labels.Contains))
            && !filter.ExcludeLabels.Any(issue.Labels.Contains)
            && (filter.Priority is null || issue.Priority == filter.Priority)
            && (filter.PriorityMin is null || issue.Priority >= filter.PriorityMin)
            && (filter.PriorityMax is null || issue.Priority <= filter.PriorityMax)
            && (parent is null || IsChildOf(state, issue, parent))
            && (filter.Ids.IsEmpty || filter.Ids.Contains(issue.Id))
            && Contains(issue.Title, filter.TitleContains)
            && Contains(issue.Description, filter.DescriptionContains)
            && Contains(issue.Notes, filter.NotesContains)
            && (!filter.EmptyDescription || string.IsNullOrEmpty(issue.Description))
            && (!filter.NoLabels || issue.Labels.IsEmpty)
            && filter.Created.Contains(issue.CreatedAt)
            && filter.Updated.Contains(issue.UpdatedAt)
            && filter.Closed.Contains(issue.ClosedAt)
            && (filter.Text is null || Contains(issue.Id, filter.Text) || Contains(issue.Title, filter.Text)
                || Contains(issue.Description, filter.Text)));
    }

    public static IEnumerable<Issue> Sort(IEnumerable<Issue> issues, string sort, DateTimeOffset now) => sort switch
    {
        IssueSorts.Oldest => issues.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal),
        IssueSorts.Hybrid => issues
            .OrderBy(i => now - i.CreatedAt <= HybridRecentWindow ? 0 : 1)
            .ThenBy(i => now - i.CreatedAt <= HybridRecentWindow ? i.Priority : 0)
            .ThenBy(i => i.CreatedAt)
            .ThenBy(i => i.Id, StringComparer.Ordinal),
        IssueSorts.Created => issues.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal),
        IssueSorts.Updated => issues.OrderByDescending(i => i.UpdatedAt).ThenBy(i => i.Id, StringComparer.Ordinal),
        IssueSorts.Id => issues.OrderBy(i => i.Id, StringComparer.Ordinal),
        IssueSorts.Title => issues.OrderBy(i => i.Title, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Id, StringComparer.Ordinal),
        IssueSorts.Status => issues.OrderBy(i => i.Status, StringComparer.Ordinal).ThenBy(i => i.Priority).ThenBy(i => i.Id, StringComparer.Ordinal),
        _ => issues.OrderBy(i => i.Priority).ThenByDescending(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal),
    };

    /// <summary>
    /// beads' --parent: a child by its parent-child edge, or by a dotted id (parent.N, at any depth) where the issue has
    /// no parent edge of its own.
    /// </summary>
    private static bool IsChildOf(RigState state, Issue issue, string parentId) =>
        state.ParentOf(issue) is { } parent
            ? parent == parentId
            : issue.Id.StartsWith(parentId + ".", StringComparison.Ordinal);

    private static bool Contains(string? text, string? wanted) =>
        wanted is null || (text?.Contains(wanted, StringComparison.OrdinalIgnoreCase) ?? false);

    private static ImmutableList<Issue> Limit(IEnumerable<Issue> issues, int limit) =>
        (limit > 0 ? issues.Take(limit) : issues).ToImmutableList();

    private static Rejected InvalidSort(string sort, ImmutableArray<string> valid) =>
        IssueValidation.Invalid($"unknown sort '{sort}': use one of {string.Join(", ", valid)}");
}
