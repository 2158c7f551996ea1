using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Beads.Protocol;

namespace Beads.Actors.Domain;

public static partial class RigDecider
{
    /// <summary>
    /// beads' rename: the issue under a new id of this rig's prefix, with its labels, comments and links; the links
    /// other issues have to it follow it, and every issue whose text names the old id names the new one. In the
    /// journal it is the issue created under the new id, those links moved and texts changed, and the old id deleted
    /// (so a copy under the old id in an older JSONL is not imported back).
    /// </summary>
    private static Result<Decision> Rename(RigState state, RenameIssue command, DateTimeOffset now)
    {
        var found = Existing(state, command.OldId);
        if (!found.IsOk) return found.Error!;
        var issue = found.Value;
        var newId = command.NewId.Trim();
        if (newId == issue.Id) return IssueValidation.Invalid("old and new IDs are the same");
        if (!newId.StartsWith($"{state.Prefix}-", StringComparison.Ordinal) || !RenamedSuffix().IsMatch(newId[(state.Prefix!.Length + 1)..]))
            return IssueValidation.Invalid(
                $"invalid new ID format \"{newId}\": it must be this rig's prefix, '-' and letters, digits, '.', '_' or '-' (e.g. {state.Prefix}-auth)");
        if (state.Issues.ContainsKey(newId)) return new Rejected(ErrorCodes.InvalidState, $"issue {newId} already exists");
        if (state.Deleted.ContainsKey(newId))
            return new Rejected(ErrorCodes.InvalidState, $"{newId} was deleted, and the rig keeps deleted ids so that old copies stay out: choose another id");

        var moved = issue with
        {
            Id = newId,
            Dependencies = [.. issue.Dependencies.Select(edge => edge with { IssueId = newId })],
            Comments = [.. issue.Comments.Select(comment => comment with { IssueId = newId })],
            UpdatedAt = now,
        };
        var events = ImmutableList.CreateBuilder<IRigEvent>();
        events.Add(new IssueCreated(moved, now, command.Actor));
        foreach (var (dependentId, edge) in IncomingEdges(state, issue.Id))
        {
            events.Add(new DependencyRemoved(dependentId, issue.Id, edge.Type, now, command.Actor));
            events.Add(new DependencyAdded(edge with { DependsOnId = newId }, now, command.Actor));
        }
        var mention = StandaloneId(issue.Id);
        foreach (var other in state.Issues.Values.Where(other => other.Id != issue.Id).OrderBy(other => other.Id, StringComparer.Ordinal))
        {
            var changes = RewrittenFields(other, RenamedFields, text => mention.Replace(text, newId));
            if (!changes.IsEmpty) events.Add(new IssueUpdated(other.Id, changes, now, command.Actor));
        }
        events.Add(new IssueDeleted(issue.Id, issue.Title, $"renamed to {newId}", now, command.Actor));
        return Decided(events.ToImmutable(), newId);
    }

    /// <summary>The text fields where a rename changes the old id to the new, as beads changes them.</summary>
    private static readonly string[] RenamedFields = ["title", .. ReferencingFields];

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex RenamedSuffix();
}
