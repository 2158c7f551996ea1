using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

public static partial class RigDecider
{
    private static Result<Decision> Link(RigState state, AddDependency command, DateTimeOffset now)
    {
        var edge = NewEdge(state, command.IssueId, command.DependsOnId, command.Type, command.Actor, now, command.OtherRig);
        if (!edge.IsOk) return edge.Error!;
        var from = IdResolution.Resolve(state, command.IssueId).Value;
        return Decided(edge.Value is { } added ? [added, .. RemoteWait(state, added, command.OtherRig)] : [], from);
    }

    /// <summary>
    /// A blocking edge to another rig's issue: this rig starts waiting for it (unless another edge already did), and
    /// asks that rig to tell it when the issue is resolved.
    /// </summary>
    private static IEnumerable<IRigEvent> RemoteWait(RigState state, DependencyAdded added, string? otherRig)
    {
        var target = added.Dependency.DependsOnId;
        if (otherRig is null || !DependencyTypes.IsHardBlocker(added.Dependency.Type) || state.CrossRig.Blockers.ContainsKey(target)
            || ExternalReference.Parse(target) is not var (_, remoteId))
            yield break;
        yield return new RemoteWaitStarted(target, otherRig, remoteId, added.At, added.Actor);
    }

    private static Result<Decision> Unlink(RigState state, RemoveDependency command, DateTimeOffset now)
    {
        var from = Existing(state, command.IssueId);
        if (!from.IsOk) return from.Error!;
        var typed = command.DependsOnId.Trim();
        // An edge named exactly needs no resolution: so a link to an issue no longer here (an import's) can go too.
        var to = ExternalReference.Is(typed) || from.Value.Dependencies.Any(d => d.DependsOnId == typed)
            ? typed
            : IdResolution.Resolve(state, command.DependsOnId);
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
        RigState state, string typedFrom, string typedTo, string typedType, string actor, DateTimeOffset now, string? otherRig = null)
    {
        var type = IssueValidation.DependencyType(DependencyTypeAliases(typedType));
        if (!type.IsOk) return type.Error!;
        var from = Existing(state, typedFrom);
        if (!from.IsOk) return from.Error!;
        if (ExternalReference.Is(typedTo.Trim())) return ExternalEdge(from.Value, typedTo.Trim(), type.Value, otherRig, actor, now);
        var to = Existing(state, typedTo);
        if (!to.IsOk) return to.Error!;
        var (source, target) = (from.Value, to.Value);

        if (source.Id == target.Id)
            return IssueValidation.Invalid($"{source.Id} cannot depend on itself");
        if (ExistingEdge(source, target.Id, type.Value) is { } same) return same;
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

        return NewDependency(source.Id, target.Id, type.Value, actor, now);
    }

    private static DependencyAdded NewDependency(string from, string to, string type, string actor, DateTimeOffset now) =>
        new(new Dependency { IssueId = from, DependsOnId = to, Type = type, CreatedAt = now, CreatedBy = actor }, now, actor);

    /// <summary>
    /// An edge to an issue of another project or rig (<c>external:&lt;project&gt;:&lt;id&gt;</c>), kept as written. As a
    /// relation (a convoy tracks it, it was discovered from it) it may point anywhere. A blocks edge holds work back
    /// only when bd named the rig that holds the issue (<paramref name="otherRig"/>), which then tells this rig when
    /// it is resolved (<see cref="CrossRigWaits"/>); to a project no rig here holds, it would be a promise no one keeps.
    /// </summary>
    private static Result<DependencyAdded?> ExternalEdge(
        Issue source, string target, string type, string? otherRig, string actor, DateTimeOffset now)
    {
        if (ExternalReference.Problem(target) is { } problem) return IssueValidation.Invalid(problem);
        if (DependencyTypes.AffectsReadiness(type) && !(DependencyTypes.IsHardBlocker(type) && otherRig is not null))
            return IssueValidation.Invalid(DependencyTypes.IsHardBlocker(type)
                ? $"{source.Id} cannot wait for {target} ({type}): no rig of this host holds that issue, so nothing would ever tell " +
                  "this one it is done; link it as tracks, related or discovered-from, or give the other rig's id (bd dep add ID OTHER-ID) from a host that has it"
                : $"{source.Id} cannot be linked to {target} as {type} across rigs: an issue waits for another rig's issue with blocks " +
                  "or conditional-blocks; parents and waits-for gates stay within one rig");
        return ExistingEdge(source, target, type) ?? new Result<DependencyAdded?>(NewDependency(source.Id, target, type, actor, now));
    }

    /// <summary>
    /// One edge per pair: the same edge again is a no-op (null inside), one of another type is refused; null when
    /// <paramref name="source"/> has no edge to <paramref name="target"/> yet.
    /// </summary>
    private static Result<DependencyAdded?>? ExistingEdge(Issue source, string target, string type) =>
        source.Dependencies.FirstOrDefault(d => d.DependsOnId == target) is not { } existing ? (Result<DependencyAdded?>?)null
        : existing.Type == type ? new Result<DependencyAdded?>((DependencyAdded?)null)
        : new Rejected(ErrorCodes.AlreadyExists,
            $"{source.Id} already depends on {target} as '{existing.Type}': remove that first with `bd dep remove {source.Id} {target}`, then add the '{type}' edge");

    /// <summary>beads' create-time spellings for "the new issue waits for this one".</summary>
    private static string DependencyTypeAliases(string type) =>
        type.Trim().ToLowerInvariant() is "depends-on" or "blocked-by" ? DependencyTypes.Blocks : type;
}
