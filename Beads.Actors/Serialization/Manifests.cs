using System.Collections.Immutable;
using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Serialization;

/// <summary>
/// The stable name of every type <see cref="BeadsSerializer"/> writes. Journal rows carry these names for ever:
/// never rename or reuse one; a changed meaning needs a new name.
/// </summary>
public static class Manifests
{
    private static readonly ImmutableDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        // events (journal)
        [typeof(RigInitialized)] = "e.rig-init",
        [typeof(RigConfigChanged)] = "e.rig-config",
        [typeof(IssueCreated)] = "e.created",
        [typeof(IssueUpdated)] = "e.updated",
        [typeof(IssueStatusChanged)] = "e.status",
        [typeof(IssueClaimed)] = "e.claimed",
        [typeof(IssueClosed)] = "e.closed",
        [typeof(IssueReopened)] = "e.reopened",
        [typeof(DependencyAdded)] = "e.dep-add",
        [typeof(DependencyRemoved)] = "e.dep-rm",
        [typeof(LabelAdded)] = "e.label-add",
        [typeof(LabelRemoved)] = "e.label-rm",
        [typeof(CommentAdded)] = "e.comment",
        [typeof(IssueImported)] = "e.imported",
        // snapshots
        [typeof(RigSnapshot)] = "s.rig",
        // commands
        [typeof(InitRig)] = "c.init",
        [typeof(SetRigConfig)] = "c.config",
        [typeof(CreateIssue)] = "c.create",
        [typeof(UpdateIssue)] = "c.update",
        [typeof(ClaimIssue)] = "c.claim",
        [typeof(CloseIssue)] = "c.close",
        [typeof(ReopenIssue)] = "c.reopen",
        [typeof(AddDependency)] = "c.dep-add",
        [typeof(RemoveDependency)] = "c.dep-rm",
        [typeof(AddComment)] = "c.comment",
        [typeof(ImportIssues)] = "c.import",
        // queries
        [typeof(GetRigInfo)] = "q.info",
        [typeof(ShowIssues)] = "q.show",
        [typeof(ResolveId)] = "q.resolve",
        [typeof(ListIssues)] = "q.list",
        [typeof(GetReadyWork)] = "q.ready",
        [typeof(GetBlockedIssues)] = "q.blocked",
        // replies
        [typeof(IssueResult)] = "r.issue",
        [typeof(IssueListResult)] = "r.issues",
        [typeof(BlockedListResult)] = "r.blocked",
        [typeof(ResolvedId)] = "r.id",
        [typeof(CommentResult)] = "r.comment",
        [typeof(RigInfo)] = "r.info",
        [typeof(ImportResult)] = "r.import",
        [typeof(Rejected)] = "r.rejected",
    }.ToImmutableDictionary();

    private static readonly ImmutableDictionary<string, Type> ByName = ByType.ToImmutableDictionary(p => p.Value, p => p.Key);

    public static IEnumerable<Type> RegisteredTypes => ByType.Keys;

    public static string? Of(Type type) => ByType.GetValueOrDefault(type);

    public static Type? TypeOf(string manifest) => ByName.GetValueOrDefault(manifest);
}
