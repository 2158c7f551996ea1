using System.Collections.Immutable;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

/// <summary>The shapes beads prints around issues (counts, related issues, trees, statistics), built from a state.</summary>
public static class IssueViews
{
    public static IssueSummary Summary(RigState state, Issue issue) => new(
        issue,
        DependencyCount: issue.Dependencies.Count(d => d.Type == DependencyTypes.Blocks),
        DependentCount: state.DependentsOf(issue.Id, DependencyTypes.Blocks).Count(),
        CommentCount: issue.Comments.Count,
        Parent: state.ParentOf(issue));

    /// <summary>The issues named, each as list shows it in this state.</summary>
    public static IssueSummaries Summaries(RigState state, IEnumerable<string> ids) =>
        new([.. ids.Select(id => Summary(state, state.Issues[id]))]);

    public static IssueDetails Details(RigState state, Issue issue) => new(
        issue,
        Dependencies: Dependencies(state, issue).ToImmutableList(),
        Dependents: Dependents(state, issue.Id).ToImmutableList(),
        Parent: state.ParentOf(issue));

    public static RigStatistics Statistics(RigState state, DateTimeOffset now)
    {
        var readiness = new Readiness(state, now);
        var live = state.Issues.Values.Where(i => i.Status != Statuses.Tombstone).ToList();
        var closed = live.Where(i => i.Status == Statuses.Closed).ToList();
        var leadTimes = closed.Where(i => i.ClosedAt is not null).Select(i => (i.ClosedAt!.Value - i.CreatedAt).TotalHours).ToList();
        return new RigStatistics(
            TotalIssues: live.Count,
            OpenIssues: live.Count(i => i.Status == Statuses.Open),
            InProgressIssues: live.Count(i => i.Status == Statuses.InProgress),
            ClosedIssues: closed.Count,
            BlockedIssues: live.Count(readiness.IsBlocked),
            DeferredIssues: live.Count(i => !Statuses.IsDone(i.Status) && readiness.IsDeferred(i)),
            ReadyIssues: live.Count(i => readiness.IsReady(i, includeOrchestration: false)),
            PinnedIssues: live.Count(i => i.Status == Statuses.Pinned),
            EpicsEligibleForClosure: Epics(state).Count(epic => epic.EligibleForClose),
            AverageLeadTimeHours: leadTimes.Count == 0 ? 0 : Math.Round(leadTimes.Average(), 2));
    }

    /// <summary>
    /// Each epic not yet done that has children (parent-child), in id order, with how many there are and how many are
    /// done; one whose children are all done may close.
    /// </summary>
    public static ImmutableList<EpicStatus> Epics(RigState state) =>
    [
        .. state.Issues.Values
            .Where(issue => issue.IssueType == Types.Epic && !Statuses.IsDone(issue.Status))
            .OrderBy(issue => issue.Id, StringComparer.Ordinal)
            .Select(epic => (Epic: epic, Children: state.ChildrenOf(epic.Id).ToList()))
            .Where(e => e.Children.Count > 0)
            .Select(e => (e.Epic, Total: e.Children.Count, Done: e.Children.Count(c => Statuses.IsDone(c.Status))))
            .Select(e => new EpicStatus(e.Epic, e.Total, e.Done, EligibleForClose: e.Done == e.Total)),
    ];

    /// <summary>Depth-first from <paramref name="root"/>, each issue shown once per path so that a loop ends.</summary>
    public static ImmutableList<TreeNode> Tree(RigState state, Issue root, bool reverse, int maxDepth)
    {
        var nodes = ImmutableList.CreateBuilder<TreeNode>();
        var path = new HashSet<string>(StringComparer.Ordinal);
        Visit(root, null, 0, null);
        return nodes.ToImmutable();

        void Visit(Issue issue, string? type, int depth, string? above)
        {
            nodes.Add(new TreeNode(issue, type, depth, above));
            if (depth >= maxDepth || !path.Add(issue.Id)) return;
            var next = reverse ? Dependents(state, issue.Id) : Dependencies(state, issue);
            foreach (var related in next.OrderBy(r => r.Issue.Id, StringComparer.Ordinal).ToList())
            {
                if (path.Contains(related.Issue.Id)) continue;
                Visit(related.Issue, related.DependencyType, depth + 1, issue.Id);
            }
            path.Remove(issue.Id);
        }
    }

    /// <summary>Every loop among the edges that order work (blocks, conditional-blocks, parent-child), each once.</summary>
    public static ImmutableList<ImmutableList<string>> Cycles(RigState state)
    {
        var cycles = new Dictionary<string, ImmutableList<string>>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var stack = new List<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in state.Issues.Keys.Order(StringComparer.Ordinal)) Walk(id);
        return [.. cycles.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value)];

        void Walk(string id)
        {
            if (done.Contains(id) || state.Find(id) is not { } issue) return;
            if (onStack.Contains(id))
            {
                var loop = stack.Skip(stack.IndexOf(id)).ToList();
                var start = loop.IndexOf(loop.Min(StringComparer.Ordinal)!);
                var rotated = loop.Skip(start).Concat(loop.Take(start)).ToImmutableList();
                cycles.TryAdd(string.Join(' ', rotated), rotated);
                return;
            }
            stack.Add(id);
            onStack.Add(id);
            foreach (var edge in issue.Dependencies.Where(d => OrderingEdges.Orders(d.Type)))
                Walk(edge.DependsOnId);
            stack.RemoveAt(stack.Count - 1);
            onStack.Remove(id);
            done.Add(id);
        }
    }

    public static ImmutableList<LabelCount> Labels(RigState state) =>
        state.Issues.Values
            .Where(i => i.Status != Statuses.Tombstone)
            .SelectMany(i => i.Labels)
            .GroupBy(label => label, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LabelCount(g.Key, g.Count()))
            .ToImmutableList();

    /// <summary>The issues <paramref name="issue"/> depends on, each with the edge's type (edges to missing issues left out).</summary>
    private static IEnumerable<RelatedIssue> Dependencies(RigState state, Issue issue) =>
        issue.Dependencies
            .Select(d => state.Find(d.DependsOnId) is { } target ? new RelatedIssue(target, d.Type) : null)
            .OfType<RelatedIssue>();

    private static IEnumerable<RelatedIssue> Dependents(RigState state, string id) =>
        state.Dependents.GetValueOrDefault(id, [])
            .Order(StringComparer.Ordinal)
            .Select(state.Find)
            .OfType<Issue>()
            .SelectMany(dependent => dependent.Dependencies
                .Where(d => d.DependsOnId == id)
                .Select(d => new RelatedIssue(dependent, d.Type)));
}
