using Beads.Protocol;

namespace Beads.Cli.Output;

/// <summary>beads' tree view of a list: each issue under its parent when the parent is listed too, in the list's order.</summary>
public static class IssueTree
{
    public static IReadOnlyList<(Issue Issue, int Depth)> Nest(IReadOnlyList<Issue> issues)
    {
        var listed = issues.Select(issue => issue.Id).ToHashSet(StringComparer.Ordinal);
        var children = issues
            .Where(issue => ParentOf(issue) is { } parent && listed.Contains(parent))
            .ToLookup(issue => ParentOf(issue)!, StringComparer.Ordinal);
        var nested = new List<(Issue, int)>(issues.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        void Place(Issue issue, int depth)
        {
            if (!placed.Add(issue.Id)) return; // a parent cycle (which the rig refuses) cannot loop here
            nested.Add((issue, depth));
            foreach (var child in children[issue.Id]) Place(child, depth + 1);
        }
        foreach (var issue in issues.Where(issue => ParentOf(issue) is not { } parent || !listed.Contains(parent))) Place(issue, 0);
        foreach (var issue in issues) Place(issue, 0); // any left (only in a cycle) at the top
        return nested;
    }

    private static string? ParentOf(Issue issue) =>
        issue.Dependencies.FirstOrDefault(edge => edge.IssueId == issue.Id && edge.Type == "parent-child")?.DependsOnId;
}
