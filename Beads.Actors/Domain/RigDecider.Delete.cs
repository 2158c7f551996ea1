using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Beads.Protocol;

namespace Beads.Actors.Domain;

public static partial class RigDecider
{
    /// <summary>The text fields where beads marks a deleted issue's id in the issues linked to it.</summary>
    private static readonly string[] ReferencingFields = ["description", "notes", "design", "acceptance_criteria"];

    /// <summary>
    /// beads' delete: the issues named (with <c>--cascade</c>, every issue that depends on them too, however far down)
    /// go with their own links; the links other issues have to them go first, leaving those issues orphaned; the
    /// linked issues whose text names a deleted id say <c>[deleted:id]</c> there instead. Without force it is only
    /// the answer, a preview: nothing is journaled.
    /// </summary>
    private static Result<Decision> Delete(RigState state, DeleteIssues command, DateTimeOffset now)
    {
        if (command.Ids.IsEmpty) return IssueValidation.Invalid("no issue IDs provided: bd delete <id> [<id> ...]");
        var named = new List<string>();
        foreach (var typed in command.Ids)
        {
            var found = Existing(state, typed);
            if (!found.IsOk) return found.Error!;
            if (!named.Contains(found.Value.Id)) named.Add(found.Value.Id);
        }
        var doomed = command.Cascade ? WithAllDependents(state, named) : named.ToHashSet(StringComparer.Ordinal);
        var deleted = doomed.Order(StringComparer.Ordinal).Select(id => state.Issues[id]).ToImmutableList();

        var events = ImmutableList.CreateBuilder<IRigEvent>();
        var links = ImmutableList.CreateBuilder<Dependency>();
        var orphaned = new SortedSet<string>(StringComparer.Ordinal);
        var linked = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var issue in deleted)
        {
            links.AddRange(issue.Dependencies);
            linked.UnionWith(issue.Dependencies.Select(d => d.DependsOnId).Where(id => !doomed.Contains(id) && state.Find(id) is not null));
            foreach (var (dependentId, edge) in IncomingEdges(state, issue.Id).Where(incoming => !doomed.Contains(incoming.DependentId)))
            {
                links.Add(edge);
                orphaned.Add(dependentId);
                linked.Add(dependentId);
                events.Add(new DependencyRemoved(dependentId, issue.Id, edge.Type, now, command.Actor));
            }
        }
        var references = 0;
        foreach (var id in linked)
        {
            var marked = MarkDeletedReferences(state.Issues[id], deleted.Select(d => d.Id));
            if (marked.IsEmpty) continue;
            references++;
            events.Add(new IssueUpdated(id, marked, now, command.Actor));
        }
        events.AddRange(deleted.Select(issue => new IssueDeleted(issue.Id, issue.Title, Blank(command.Reason), now, command.Actor)));

        var result = new DeleteResult(
            [.. deleted.Select(issue => new DeletedIssue(issue.Id, issue.Title))], links.ToImmutable(), [.. orphaned],
            deleted.Sum(issue => issue.Labels.Count), references, Preview: !command.Force);
        return command.Force ? new Decision(events.ToImmutable(), _ => result) : Decision.Unchanged(result);
    }

    /// <summary>The issues named and every issue that depends on one of them, by any kind of link, however far down.</summary>
    private static HashSet<string> WithAllDependents(RigState state, IEnumerable<string> ids)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        var waiting = new Stack<string>(ids);
        while (waiting.TryPop(out var id))
        {
            if (!all.Add(id)) continue;
            foreach (var dependent in state.Dependents.GetValueOrDefault(id, [])) waiting.Push(dependent);
        }
        return all;
    }

    /// <summary>Each text field of <paramref name="issue"/> that names a deleted id, with the id marked [deleted:id].</summary>
    private static ImmutableList<FieldChange> MarkDeletedReferences(Issue issue, IEnumerable<string> deletedIds) =>
        RewrittenFields(issue, ReferencingFields,
            text => deletedIds.Aggregate(text, (current, id) => StandaloneId(id).Replace(current, $"[deleted:{id}]")));

    /// <summary>The changes that <paramref name="rewrite"/> makes to the issue's <paramref name="fields"/> that have text.</summary>
    private static ImmutableList<FieldChange> RewrittenFields(Issue issue, IEnumerable<string> fields, Func<string, string> rewrite)
    {
        var changes = ImmutableList.CreateBuilder<FieldChange>();
        foreach (var field in fields)
        {
            var old = IssueFields.Get(issue, field);
            if (string.IsNullOrEmpty(old)) continue;
            var text = rewrite(old);
            if (text != old) changes.Add(new FieldChange(field, old, text));
        }
        return changes.ToImmutable();
    }

    /// <summary>The issues that link to <paramref name="id"/>, in id order, each with its edge.</summary>
    private static IEnumerable<(string DependentId, Dependency Edge)> IncomingEdges(RigState state, string id) =>
        state.Dependents.GetValueOrDefault(id, []).Order(StringComparer.Ordinal)
            .Select(dependentId => (dependentId, state.Issues[dependentId].Dependencies.First(d => d.DependsOnId == id)));

    /// <summary>
    /// The id as a word of its own, not part of a longer id: ids hold letters, digits, '-' and '_', and a child's id
    /// is its parent's with ".N" after it, so bd-1 is not marked inside bd-1.2 (a full stop that ends a sentence is).
    /// </summary>
    private static Regex StandaloneId(string id) => new($@"(?<![A-Za-z0-9_.-]){Regex.Escape(id)}(?![A-Za-z0-9_-]|\.[A-Za-z0-9])");
}
