using System.Text.Json.Serialization;

namespace Beads.Protocol;

/// <summary>
/// Anything addressed to one rig; <see cref="Rig"/> is the rig's name and its shard entity id. On the wire each
/// message carries its kind in <c>$type</c>; the names below are stable: renaming one breaks older clients.
/// </summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(InitRig), "init")]
[JsonDerivedType(typeof(SetRigConfig), "config")]
[JsonDerivedType(typeof(SetKeyValue), "kv")]
[JsonDerivedType(typeof(RunBatch), "batch")]
[JsonDerivedType(typeof(CreateIssue), "create")]
[JsonDerivedType(typeof(UpdateIssue), "update")]
[JsonDerivedType(typeof(ClaimIssue), "claim")]
[JsonDerivedType(typeof(CloseIssue), "close")]
[JsonDerivedType(typeof(ReopenIssue), "reopen")]
[JsonDerivedType(typeof(UndeferIssue), "undefer")]
[JsonDerivedType(typeof(RenameIssue), "rename")]
[JsonDerivedType(typeof(ReclaimIssues), "reclaim")]
[JsonDerivedType(typeof(ReleaseDueDeferrals), "undefer-due")]
[JsonDerivedType(typeof(ReleaseExpiredLeases), "leases-due")]
[JsonDerivedType(typeof(RenewClaim), "heartbeat")]
[JsonDerivedType(typeof(ClaimReadyWork), "claim-ready")]
[JsonDerivedType(typeof(CancelClaimWait), "claim-cancel")]
[JsonDerivedType(typeof(FollowFeed), "feed-follow")]
[JsonDerivedType(typeof(AddDependency), "dep-add")]
[JsonDerivedType(typeof(RemoveDependency), "dep-rm")]
[JsonDerivedType(typeof(AddComment), "comment")]
[JsonDerivedType(typeof(DeleteIssues), "delete")]
[JsonDerivedType(typeof(ImportIssues), "import")]
[JsonDerivedType(typeof(ImportJsonl), "import-jsonl")]
[JsonDerivedType(typeof(SyncRig), "sync")]
[JsonDerivedType(typeof(DeliverOnce), "once")]
[JsonDerivedType(typeof(GetRigConfig), "config-get")]
[JsonDerivedType(typeof(ExportIssues), "export")]
[JsonDerivedType(typeof(GetRigInfo), "info")]
[JsonDerivedType(typeof(ShowIssues), "show")]
[JsonDerivedType(typeof(ResolveId), "resolve")]
[JsonDerivedType(typeof(ListIssues), "list")]
[JsonDerivedType(typeof(GetReadyWork), "ready")]
[JsonDerivedType(typeof(GetBlockedIssues), "blocked")]
[JsonDerivedType(typeof(GetStats), "stats")]
[JsonDerivedType(typeof(GetDependencyTree), "dep-tree")]
[JsonDerivedType(typeof(FindCycles), "dep-cycles")]
[JsonDerivedType(typeof(GetLabels), "labels")]
[JsonDerivedType(typeof(GetEpicStatus), "epics")]
[JsonDerivedType(typeof(QueryIssues), "query")]
[JsonDerivedType(typeof(LintIssues), "lint")]
[JsonDerivedType(typeof(CountIssues), "count")]
[JsonDerivedType(typeof(GetStaleIssues), "stale")]
[JsonDerivedType(typeof(DiagnoseRig), "diagnose")]
public interface IRigMessage
{
    string Rig { get; }
}

/// <summary>A change to a rig, made by <see cref="Actor"/> (a person or an agent), recorded in the audit trail.</summary>
public interface IRigCommand : IRigMessage
{
    string Actor { get; }
}

/// <summary>A read, answered from the rig's in-memory state without waiting for writes in flight.</summary>
public interface IRigQuery : IRigMessage;

/// <summary>What a rig answers; on the wire the kind is in <c>$type</c>, with stable names as for messages.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(IssueResult), "issue")]
[JsonDerivedType(typeof(ClaimLeaseResult), "lease")]
[JsonDerivedType(typeof(FeedDelivery), "feed")]
[JsonDerivedType(typeof(FeedHistoryNeeded), "feed-history")]
[JsonDerivedType(typeof(FeedRefused), "feed-refused")]
[JsonDerivedType(typeof(IssueSummaries), "summaries")]
[JsonDerivedType(typeof(IssueDetailsResult), "details")]
[JsonDerivedType(typeof(BlockedListResult), "blocked")]
[JsonDerivedType(typeof(ResolvedId), "id")]
[JsonDerivedType(typeof(CommentResult), "comment")]
[JsonDerivedType(typeof(RigInfo), "info")]
[JsonDerivedType(typeof(StatsResult), "stats")]
[JsonDerivedType(typeof(DependencyTreeResult), "tree")]
[JsonDerivedType(typeof(CyclesResult), "cycles")]
[JsonDerivedType(typeof(LabelCountsResult), "labels")]
[JsonDerivedType(typeof(ImportResult), "import")]
[JsonDerivedType(typeof(DeleteResult), "delete")]
[JsonDerivedType(typeof(EpicStatusResult), "epics")]
[JsonDerivedType(typeof(LintReport), "lint")]
[JsonDerivedType(typeof(IssueCounts), "counts")]
[JsonDerivedType(typeof(BatchResult), "batch")]
[JsonDerivedType(typeof(RigDiagnosis), "diagnosis")]
[JsonDerivedType(typeof(SyncResult), "sync")]
[JsonDerivedType(typeof(RigConfigResult), "config")]
[JsonDerivedType(typeof(JsonlPage), "jsonl-page")]
[JsonDerivedType(typeof(Rejected), "rejected")]
public interface IRigReply;
