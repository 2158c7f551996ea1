using System.Collections.Immutable;

namespace Beads.Protocol;

/// <summary>One issue as it is after the command, or as asked for.</summary>
public sealed record IssueResult(Issue Issue) : IRigReply;

/// <summary>A claim after its holder renewed it: the issue and when its lease now runs out (null: the rig has leases off).</summary>
public sealed record ClaimLeaseResult(Issue Issue, DateTimeOffset? LeaseUntil) : IRigReply;

/// <summary>An issue with the counts beads prints beside it in lists: its blocks edges each way, its comments, its parent.</summary>
public sealed record IssueSummary(Issue Issue, int DependencyCount, int DependentCount, int CommentCount, string? Parent);

/// <summary>The answer to list and ready.</summary>
public sealed record IssueSummaries(ImmutableList<IssueSummary> Issues) : IRigReply;

/// <summary>An issue seen from another one, through an edge of <see cref="DependencyType"/>.</summary>
public sealed record RelatedIssue(Issue Issue, string DependencyType);

/// <summary>Everything <c>bd show</c> prints: the issue, what it depends on and what depends on it.</summary>
public sealed record IssueDetails(
    Issue Issue, ImmutableList<RelatedIssue> Dependencies, ImmutableList<RelatedIssue> Dependents, string? Parent);

public sealed record IssueDetailsResult(ImmutableList<IssueDetails> Issues) : IRigReply;

public sealed record BlockedIssue(Issue Issue, ImmutableList<string> BlockedBy);

public sealed record BlockedListResult(ImmutableList<BlockedIssue> Issues) : IRigReply;

public sealed record ResolvedId(string Id) : IRigReply;

public sealed record CommentResult(Comment Comment) : IRigReply;

public sealed record RigInfo(string Name, string Prefix, string HomeDirectory, int IssueCount) : IRigReply
{
    /// <summary>The rig-level settings stored in its journal (status.custom, types.custom, ...).</summary>
    public ImmutableDictionary<string, string> Config { get; init; } = ImmutableDictionary<string, string>.Empty;
}

/// <summary>beads' statistics summary, field for field.</summary>
public sealed record RigStatistics(
    int TotalIssues, int OpenIssues, int InProgressIssues, int ClosedIssues, int BlockedIssues, int DeferredIssues,
    int ReadyIssues, int PinnedIssues, int EpicsEligibleForClosure, double AverageLeadTimeHours);

public sealed record StatsResult(string Rig, RigStatistics Summary) : IRigReply
{
    /// <summary>The rig's flush and export figures; beads' summary stays exactly as beads has it.</summary>
    public RigSyncStats? Sync { get; init; }
}

/// <summary>One node of a dependency tree: the issue, the edge that led to it, its depth and the node above it.</summary>
public sealed record TreeNode(Issue Issue, string? DependencyType, int Depth, string? ParentId);

public sealed record DependencyTreeResult(ImmutableList<TreeNode> Nodes) : IRigReply;

/// <summary>Each cycle as the ids around it, in edge order.</summary>
public sealed record CyclesResult(ImmutableList<ImmutableList<string>> Cycles) : IRigReply;

public sealed record LabelCount(string Label, int Count);

public sealed record LabelCountsResult(ImmutableList<LabelCount> Labels) : IRigReply;

/// <summary>
/// A command or query that was refused; nothing changed. <see cref="Code"/> is one of <see cref="ErrorCodes"/> and
/// stable for scripts; <see cref="Message"/> says what went wrong and how to fix it.
/// </summary>
public sealed record Rejected(string Code, string Message) : IRigReply;

public static class ErrorCodes
{
    public const string RigNotInitialized = "rig_not_initialized";
    public const string RigConflict = "rig_conflict";
    public const string NotFound = "not_found";
    public const string AmbiguousId = "ambiguous_id";
    public const string InvalidArgument = "invalid_argument";
    public const string AlreadyExists = "already_exists";
    public const string AlreadyClaimed = "already_claimed";
    public const string InvalidState = "invalid_state";
    /// <summary>The issue is no longer as the change expected it (--if-assignee, --if-status); nothing was changed.</summary>
    public const string PreconditionFailed = "precondition_failed";
    public const string NeedsForce = "needs_force";
    public const string Cycle = "dependency_cycle";
    public const string StorageUnavailable = "storage_unavailable";
    /// <summary>The rig's node could not be reached (it may have died); the message never reached the rig.</summary>
    public const string RigUnavailable = "rig_unavailable";
    /// <summary>The answer is larger than one node of the cluster may send another; nothing was changed.</summary>
    public const string ReplyTooLarge = "reply_too_large";
    /// <summary>A change feed cannot resume where asked: the journal no longer holds those changes, or never had them.</summary>
    public const string FeedGap = "feed_gap";
    /// <summary>An idempotency key already named another change; nothing was changed.</summary>
    public const string IdempotencyConflict = "idempotency_conflict";
}

/// <summary>bd batch's answer: each step made, in order, with the issue (or edge, <c>from->to</c>) it changed.</summary>
public sealed record BatchResult(ImmutableList<BatchStepResult> Steps) : IRigReply;

public sealed record BatchStepResult(int Line, string Op, string? Target);

/// <summary>What <see cref="DiagnoseRig"/> found.</summary>
/// <param name="Duplicates">Groups of live issues with the same title, text and status, each group's ids in order.</param>
/// <param name="Orphans">Links to an issue of this rig that is not in it (external ones are not checked).</param>
/// <param name="Suspects">Issues that look like tests left behind, scored as beads scores them (0.7 and up).</param>
public sealed record RigDiagnosis(ImmutableList<ImmutableList<string>> Duplicates, ImmutableList<OrphanedLink> Orphans,
    ImmutableList<PollutionSuspect> Suspects) : IRigReply;

public sealed record OrphanedLink(string IssueId, string DependsOnId, string Type);

public sealed record PollutionSuspect(string Id, string Title, double Score, ImmutableList<string> Reasons, DateTimeOffset CreatedAt);

/// <summary>bd count's answer: the total (an issue once, whatever its labels) and the groups, sorted by name.</summary>
public sealed record IssueCounts(int Total, ImmutableList<GroupCount> Groups) : IRigReply;

public sealed record GroupCount(string Group, int Count);

/// <summary>What <c>bd lint</c> found: how many issues it checked, and each that lacks a section its type asks for.</summary>
public sealed record LintReport(int Checked, ImmutableList<LintFinding> Findings) : IRigReply;

public sealed record LintFinding(string Id, string Title, string Type, ImmutableList<string> Missing);

/// <summary>An open epic and its children's progress, field for field as beads' <c>bd epic status</c>.</summary>
/// <param name="EligibleForClose">Every child is done: the epic itself may close.</param>
public sealed record EpicStatus(Issue Epic, int TotalChildren, int ClosedChildren, bool EligibleForClose);

public sealed record EpicStatusResult(ImmutableList<EpicStatus> Epics) : IRigReply;

/// <summary>What <c>bd delete</c> removed, or would remove when <see cref="Preview"/>.</summary>
/// <param name="Deleted">The issues deleted, cascaded ones included, in id order.</param>
/// <param name="Links">Every dependency link that goes with them, both ways.</param>
/// <param name="Orphaned">Issues left behind that depended on a deleted one (their links go).</param>
/// <param name="ReferencesUpdated">Linked issues whose text named a deleted one and now says [deleted:id].</param>
public sealed record DeleteResult(
    ImmutableList<DeletedIssue> Deleted,
    ImmutableList<Dependency> Links,
    ImmutableList<string> Orphaned,
    int LabelsRemoved,
    int ReferencesUpdated,
    bool Preview) : IRigReply;

public sealed record DeletedIssue(string Id, string Title);

/// <summary>What an import did with the issues it was given.</summary>
/// <param name="Unchanged">Issues the rig already held exactly so.</param>
/// <param name="SkippedIds">Issues the rig kept its own copy of, because that copy is as new or newer, or deleted since the copy imported was made.</param>
/// <param name="BadLines">Lines of a JSONL import that could not be read; nothing was imported unless they were skipped.</param>
public sealed record ImportResult(int Created, int Updated, int Unchanged, ImmutableList<string> SkippedIds) : IRigReply
{
    public int Skipped => SkippedIds.Count;
    public ImmutableList<BadJsonlLine> BadLines { get; init; } = [];
    /// <summary>Records of other kinds (beads' <c>_type</c> other than issue), which a rig does not keep.</summary>
    public int OtherRecords { get; init; }
    /// <summary>Only counted: nothing was changed.</summary>
    public bool DryRun { get; init; }
}
