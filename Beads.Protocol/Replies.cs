using System.Collections.Immutable;

namespace Beads.Protocol;

/// <summary>One issue as it is after the command, or as asked for.</summary>
public sealed record IssueResult(Issue Issue) : IRigReply;

public sealed record IssueListResult(ImmutableList<Issue> Issues) : IRigReply;

public sealed record BlockedIssue(Issue Issue, ImmutableList<string> BlockedBy);

public sealed record BlockedListResult(ImmutableList<BlockedIssue> Issues) : IRigReply;

public sealed record ResolvedId(string Id) : IRigReply;

public sealed record CommentResult(Comment Comment) : IRigReply;

public sealed record RigInfo(string Name, string Prefix, string HomeDirectory, int IssueCount) : IRigReply;

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
    public const string NeedsForce = "needs_force";
    public const string Cycle = "dependency_cycle";
    public const string StorageUnavailable = "storage_unavailable";
}

/// <summary>What an import did with the issues it was given.</summary>
/// <param name="Unchanged">Issues the rig already held exactly so.</param>
/// <param name="SkippedIds">Issues the rig kept its own copy of, because that copy is as new or newer.</param>
public sealed record ImportResult(int Created, int Updated, int Unchanged, ImmutableList<string> SkippedIds) : IRigReply
{
    public int Skipped => SkippedIds.Count;
}
