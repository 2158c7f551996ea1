using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

public static partial class RigDecider
{
    private static Result<Decision> Link(RigState state, AddDependency command, DateTimeOffset now)
    {
        var edge = NewEdge(state, command.IssueId, command.DependsOnId, command.Type, command.Actor, now);
        if (!edge.IsOk) return edge.Error!;
        var from = IdResolution.Resolve(state, command.IssueId).Value;
        return Decided(edge.Value is { } added ? [added] : [], from);
    }

    private static Result<Decision> Unlink(RigState state, RemoveDependency command, DateTimeOffset now)
    {
        var from = Existing(state, command.IssueId);
        if (!from.IsOk) return from.Error!;
        var to = IdResolution.Resolve(state, command.DependsOnId);
        if (!to.IsOk) return to.Error!;
        var edge = from.Value.Dependencies.FirstOrDefault(d => d.DependsOnId == to.Value);
        if (edge is null)
            return new Rejected(ErrorCodes.NotFound,
                $"{from.Value.Id} does not depend on {to.Value}: see its dependencies with `bd dep list {from.Value.Id}`");
        return Decided([new DependencyRemoved(from.Value.Id, to.Value, edge.Type, now, command.Actor)], from.Value.Id);
    }

    private static Result<Decision> Comment(RigState state, AddComment command, DateTimeOffset now)
    {
        var issue = Existing(state, command.Id);
        if (!issue.IsOk) return issue.Error!;
        if (string.IsNullOrWhiteSpace(command.Text))
            return IssueValidation.Invalid("the comment is empty: give it some text");
        var comment = new Comment
        {
            Id = CommentId.FromNumber(state.LastCommentNumber + 1),
            IssueId = issue.Value.Id,
            Author = command.Actor,
            Text = command.Text,
            CreatedAt = now,
        };
        return new Decision([new CommentAdded(issue.Value.Id, comment, now, command.Actor)], _ => new CommentResult(comment));
    }

    /// <summary>
    /// Checks a new edge <paramref name="typedFrom"/> → <paramref name="typedTo"/> of <paramref name="typedType"/>:
    /// both ends exist, no self edge, one edge per pair (the same edge again is a no-op, giving null), no cycle among
    /// the edges that order work, one parent per issue, and epics only block epics (tasks only block tasks).
    /// </summary>
    private static Result<DependencyAdded?> NewEdge(
        RigState state, string typedFrom, string typedTo, string typedType, string actor, DateTimeOffset now)
    {
        var type = IssueValidation.DependencyType(DependencyTypeAliases(typedType));
        if (!type.IsOk) return type.Error!;
        var from = Existing(state, typedFrom);
        if (!from.IsOk) return from.Error!;
        var to = Existing(state, typedTo);
        if (!to.IsOk) return to.Error!;
        var (source, target) = (from.Value, to.Value);

        if (source.Id == target.Id)
            return IssueValidation.Invalid($"{source.Id} cannot depend on itself");
        if (source.Dependencies.FirstOrDefault(d => d.DependsOnId == target.Id) is { } existing)
        {
            return existing.Type == type.Value
                ? new Result<DependencyAdded?>((DependencyAdded?)null)
                : new Rejected(ErrorCodes.AlreadyExists,
                    $"{source.Id} already depends on {target.Id} as '{existing.Type}': remove that first with `bd dep remove {source.Id} {target.Id}`, then add the '{type.Value}' edge");
        }
        if (type.Value == DependencyTypes.ParentChild && state.ParentOf(source) is { } parent)
            return IssueValidation.Invalid(
                $"{source.Id} already has parent {parent}: remove that edge first with `bd dep remove {source.Id} {parent}`");
        if (type.Value == DependencyTypes.Blocks && (source.IssueType == Types.Epic) != (target.IssueType == Types.Epic))
            return IssueValidation.Invalid(source.IssueType == Types.Epic
                ? $"epics can only be blocked by epics: {target.Id} is a {target.IssueType}; link it to the epic as a child instead (parent-child)"
                : $"tasks can only be blocked by tasks, not epics: {target.Id} is an epic; make {source.Id} its child instead (parent-child)");
        if (type.Value == DependencyTypes.Blocks && source.Id.StartsWith(target.Id + ".", StringComparison.Ordinal))
            return IssueValidation.Invalid(
                $"{source.Id} is already a child of {target.Id}: a child blocked by its own parent could never start");
        if (OrderingEdges.Orders(type.Value) && OrderingEdges.Reaches(state, target.Id, source.Id))
            return new Rejected(ErrorCodes.Cycle,
                $"{source.Id} → {target.Id} ({type.Value}) would close a cycle: {target.Id} already depends on {source.Id}; remove one of the edges in the loop first");

        var dependency = new Dependency
        {
            IssueId = source.Id,
            DependsOnId = target.Id,
            Type = type.Value,
            CreatedAt = now,
            CreatedBy = actor,
        };
        return new DependencyAdded(dependency, now, actor);
    }

    /// <summary>beads' create-time spellings for "the new issue waits for this one".</summary>
    private static string DependencyTypeAliases(string type) =>
        type.Trim().ToLowerInvariant() is "depends-on" or "blocked-by" ? DependencyTypes.Blocks : type;
}
