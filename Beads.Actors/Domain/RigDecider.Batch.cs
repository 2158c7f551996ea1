using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Domain;

public static partial class RigDecider
{
    /// <summary>
    /// bd batch: each step decided on the state the steps before it leave, their events together as one decision, so
    /// the journal stores all of them in one write or none. The first step refused refuses the batch, naming its line.
    /// </summary>
    private static Result<Decision> Batch(RigState state, RunBatch command, DateTimeOffset now)
    {
        if (command.Steps.IsEmpty) return Decision.Unchanged(new BatchResult([]));
        var events = ImmutableList.CreateBuilder<IRigEvent>();
        var results = ImmutableList.CreateBuilder<BatchStepResult>();
        var after = state;
        foreach (var step in command.Steps)
        {
            if (BatchOp(step.Command) is not { } op)
                return IssueValidation.Invalid($"line {step.Line}: {step.Command.GetType().Name} cannot be part of a batch; nothing was changed");
            if (step.Command.Rig != command.Rig)
                return IssueValidation.Invalid($"line {step.Line}: a batch changes one rig ({command.Rig}), not {step.Command.Rig}; nothing was changed");
            var decided = Decide(after, (IRigCommand)step.Command, now);
            if (decided.Error is { } refused)
                return refused with { Message = $"line {step.Line} ({op}): {refused.Message}; nothing in the batch was changed" };
            after = decided.Value.Events.Aggregate(after, (current, change) => current.Apply(change));
            events.AddRange(decided.Value.Events);
            results.Add(new BatchStepResult(step.Line, op, Target(step.Command, decided.Value.Reply(after))));
        }
        var done = new BatchResult(results.ToImmutable());
        return new Decision(events.ToImmutable(), _ => done);
    }

    /// <summary>The name a step goes by in the answer, beads' where it has one; null for what a batch may not hold.</summary>
    private static string? BatchOp(IRigMessage command) => command switch
    {
        CreateIssue { DryRun: false } => "create",
        UpdateIssue => "update",
        CloseIssue => "close",
        ReopenIssue => "reopen",
        ClaimIssue => "claim",
        UndeferIssue => "undefer",
        AddDependency => "dep.add",
        RemoveDependency => "dep.remove",
        AddComment => "comment",
        SetKeyValue => "kv.set",
        _ => null,
    };

    private static string? Target(IRigMessage command, IRigReply reply) => (command, reply) switch
    {
        (AddDependency add, _) => $"{add.IssueId}->{add.DependsOnId}",
        (RemoveDependency remove, _) => $"{remove.IssueId}->{remove.DependsOnId}",
        (SetKeyValue set, _) => set.Key,
        (_, IssueResult result) => result.Issue.Id,
        (AddComment comment, _) => comment.Id,
        _ => null,
    };
}
