using System.Collections.Immutable;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
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
        ListIssues q => Reply(IssueQueries.List(state, q, now), issues => Summaries(state, issues)),
        GetReadyWork q => Reply(IssueQueries.Ready(state, q, now), issues => Summaries(state, issues)),
        GetBlockedIssues q => new BlockedListResult(IssueQueries.Blocked(state, q.Filter, now)),
        GetStats => new StatsResult(state.Name!, IssueViews.Statistics(state, now)),
        GetDependencyTree q => Reply(IdResolution.Resolve(state, q.Id),
            id => new DependencyTreeResult(IssueViews.Tree(state, state.Issues[id], q.Reverse, q.MaxDepth))),
        FindCycles => new CyclesResult(IssueViews.Cycles(state)),
        GetLabels => new LabelCountsResult(IssueViews.Labels(state)),
        GetEpicStatus => new EpicStatusResult(IssueViews.Epics(state)),
        CountIssues q => Reply(IssueQueries.Count(state, q), counts => counts),
        GetStaleIssues q => Reply(IssueQueries.Stale(state, q, now), issues => Summaries(state, issues)),
        DiagnoseRig => RigDiagnostics.Diagnose(state),
        LintIssues q => Reply(IssueLint.Check(state, q), report => report),
        QueryIssues q => Reply(IssueQueries.Query(state, q, now), issues => Summaries(state, issues)),
        ExportIssues q => JsonlPages.Page(state, q),
        _ => IssueValidation.Invalid($"this rig does not understand {query.GetType().Name}"),
    };

    /// <summary>All the issues asked for, or the first id that could not be resolved.</summary>
    private static IRigReply Show(RigState state, ImmutableList<string> ids)
    {
        var issues = ImmutableList.CreateBuilder<IssueDetails>();
        foreach (var typed in ids)
        {
            var id = IdResolution.Resolve(state, typed);
            if (!id.IsOk) return id.Error!;
            issues.Add(IssueViews.Details(state, state.Issues[id.Value]));
        }
        return new IssueDetailsResult(issues.ToImmutable());
    }

    private static IssueSummaries Summaries(RigState state, ImmutableList<Issue> issues) =>
        IssueViews.Summaries(state, issues.Select(issue => issue.Id));

    private static IRigReply Reply<T>(Result<T> result, Func<T, IRigReply> reply) =>
        result.IsOk ? reply(result.Value) : result.Error!;
}
