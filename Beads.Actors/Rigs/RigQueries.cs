using System.Collections.Immutable;
using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>Answers a query from one state of a rig; pure, so it may run on any thread.</summary>
public static class RigQueries
{
    public static IRigReply Answer(RigState state, IRigQuery query, DateTimeOffset now) => query switch
    {
        GetRigInfo => RigDecider.Info(state),
        ResolveId q => Reply(IdResolution.Resolve(state, q.PartialId), id => new ResolvedId(id)),
        ShowIssues q => Show(state, q.Ids),
        ListIssues q => Reply(IssueQueries.List(state, q, now), issues => new IssueListResult(issues)),
        GetReadyWork q => Reply(IssueQueries.Ready(state, q, now), issues => new IssueListResult(issues)),
        GetBlockedIssues q => new BlockedListResult(IssueQueries.Blocked(state, q.Filter, now)),
        _ => IssueValidation.Invalid($"this rig does not understand {query.GetType().Name}"),
    };

    /// <summary>All the issues asked for, or the first id that could not be resolved.</summary>
    private static IRigReply Show(RigState state, ImmutableList<string> ids)
    {
        var issues = ImmutableList.CreateBuilder<Issue>();
        foreach (var typed in ids)
        {
            var id = IdResolution.Resolve(state, typed);
            if (!id.IsOk) return id.Error!;
            issues.Add(state.Issues[id.Value]);
        }
        return new IssueListResult(issues.ToImmutable());
    }

    private static IRigReply Reply<T>(Result<T> result, Func<T, IRigReply> reply) =>
        result.IsOk ? reply(result.Value) : result.Error!;
}
