using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// The rules a command applies, for issues that arrive whole (bd import, a JSONL file changed by git): what an issue
/// made by commands could never be, an import cannot bring in either. Left to the rig that wrote them, as beads does:
/// custom types and statuses, more than one parent, epics blocked by tasks (beads' own exports hold such issues).
/// </summary>
public static class ImportRules
{
    /// <summary>How far ahead of this host's clock a stamp may be (another machine's clock may run a little fast).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Why <paramref name="issue"/> cannot be imported into <paramref name="state"/>'s rig at <paramref name="now"/>,
    /// or null when it can; <paramref name="exists"/> says whether an id is an issue of the rig, of this import or of
    /// the rest of its file. Cycles are checked apart (<see cref="ClosesCycle"/>), against the issues taken before.
    /// </summary>
    public static string? Problem(RigState state, Issue issue, Func<string, bool> exists, DateTimeOffset now)
    {
        if (!IssueIds.IsWellFormed(issue.Id))
            return $"'{issue.Id}' is not a valid id: ids are <prefix>-<letters and digits>, optionally followed by .N (such as {Example(state)})";
        if (state.Prefix.Length > 0 && !issue.Id.StartsWith(state.Prefix + "-", StringComparison.Ordinal))
            return $"{issue.Id} does not have this rig's prefix '{state.Prefix}-': import it into the rig of its own prefix, or pass --rename-on-import to move it under this one";
        if (IssueIds.Depth(issue.Id) > IssueIds.MaxChildDepth)
            return $"{issue.Id} is nested {IssueIds.Depth(issue.Id)} levels deep: children may nest at most {IssueIds.MaxChildDepth} levels";
        if (IssueValidation.Priority(issue.Priority).Error is { } priority) return $"{issue.Id}: {priority.Message}";
        if (issue.UpdatedAt > now + FutureTolerance || issue.CreatedAt > now + FutureTolerance)
            return $"{issue.Id} is stamped {Later(issue):O}, in the future of this host's clock ({now:O}): such a line would win " +
                   "over every later edit; fix its created_at/updated_at (or the clock of the machine that wrote it)";
        foreach (var edge in issue.Dependencies)
        {
            if (!string.IsNullOrEmpty(edge.IssueId) && edge.IssueId != issue.Id)
                return $"{issue.Id} lists an edge of another issue ({edge.IssueId} → {edge.DependsOnId}): an issue's dependencies name it as their issue_id";
            if (edge.DependsOnId == issue.Id) return $"{issue.Id} cannot depend on itself ({edge.Type})";
            if (!ExternalReference.Is(edge.DependsOnId) && !exists(edge.DependsOnId))
                return $"{issue.Id} depends on {edge.DependsOnId} ({edge.Type}), which is neither in this rig nor in the file";
        }
        return null;
    }

    /// <summary>
    /// The ordering edge of <paramref name="issue"/> that would close a loop in <paramref name="before"/> (the rig with
    /// the issues taken so far), said for people; null when there is none. A loop would block its members forever.
    /// The walk stops at the issue itself, so the rig's older copy of it, edges and all, does not count.
    /// </summary>
    public static string? ClosesCycle(RigState before, Issue issue)
    {
        foreach (var edge in issue.Dependencies.Where(edge => OrderingEdges.Orders(edge.Type)))
        {
            if (OrderingEdges.Reaches(before, edge.DependsOnId, issue.Id))
                return $"{issue.Id} → {edge.DependsOnId} ({edge.Type}) would close a cycle: {edge.DependsOnId} already depends on {issue.Id}";
        }
        return null;
    }

    /// <summary>
    /// <paramref name="id"/> under <paramref name="prefix"/> (beads' <c>--rename-on-import</c>): <c>bd-a3f8.1</c> into a
    /// rig of prefix <c>fix</c> is <c>fix-a3f8.1</c>. The id's first word is its prefix (beads' own ids have words
    /// after it, such as <c>bd-beads-crew-dave</c>, so it cannot be the last); an id already under the rig's prefix, a
    /// reference to another project or an id of no known shape is left as it is (and judged as it is).
    /// </summary>
    public static string Renamed(string id, string prefix)
    {
        if (id.StartsWith(prefix + "-", StringComparison.Ordinal) || ExternalReference.Is(id) ||
            !IssueIds.IsWellFormed(id))
            return id;
        return $"{prefix}{id[id.IndexOf('-')..]}";
    }

    /// <summary>The issue with its id, its edges' ends and its comments' issue id moved under <paramref name="prefix"/>.</summary>
    public static Issue Renamed(Issue issue, string prefix) => issue with
    {
        Id = Renamed(issue.Id, prefix),
        Dependencies = [.. issue.Dependencies.Select(edge => edge with
        {
            IssueId = string.IsNullOrEmpty(edge.IssueId) ? edge.IssueId : Renamed(edge.IssueId, prefix),
            DependsOnId = Renamed(edge.DependsOnId, prefix),
        })],
        Comments = [.. issue.Comments.Select(comment => comment.IssueId is null ? comment : comment with { IssueId = Renamed(comment.IssueId, prefix) })],
    };

    private static DateTimeOffset Later(Issue issue) => issue.UpdatedAt > issue.CreatedAt ? issue.UpdatedAt : issue.CreatedAt;

    private static string Example(RigState state) => $"{(state.Prefix.Length > 0 ? state.Prefix : "bd")}-a3f8.1";
}
