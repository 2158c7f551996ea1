using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Beads.Protocol;

/// <summary>Creates the rig, or confirms it when it already exists with the same prefix and home.</summary>
public sealed record InitRig(string Rig, string Actor, string Prefix, string HomeDirectory) : IRigCommand
{
    /// <summary>
    /// The cluster node whose machine holds <see cref="HomeDirectory"/>: the gateway that receives the init sets it.
    /// The rig runs there while that node lives, so that its JSONL is written where its folder is.
    /// </summary>
    public string? HomeNode { get; init; }
}

/// <summary>Sets one rig-level setting, such as <c>status.custom</c> or <c>types.custom</c>.</summary>
/// <summary>bd config set; an empty <see cref="Value"/> is bd config unset: the key goes back to its default.</summary>
public sealed record SetRigConfig(string Rig, string Actor, string Key, string Value) : IRigCommand;

/// <summary>
/// beads' key-value store (<c>bd kv</c>, and the memories <c>bd remember</c> keeps under <see cref="MemoryPrefix"/>):
/// <see cref="Key"/> is kept exactly as given, in the rig's settings under <see cref="StoragePrefix"/>, as beads keeps
/// it in its config table; an empty <see cref="Value"/> clears it. Answered with the rig's info.
/// </summary>
public sealed record SetKeyValue(string Rig, string Actor, string Key, string Value) : IRigCommand
{
    public const string StoragePrefix = "kv.";
    public const string MemoryPrefix = "memory.";
}

/// <summary>A dependency to create with a new issue: <see cref="Type"/> toward <see cref="Target"/>.</summary>
/// <param name="Reversed">
/// beads' <c>--deps blocks:X</c>: the new issue blocks X, so the edge goes from X to the new issue.
/// </param>
public sealed record DependencySpec(string Type, string Target, bool Reversed = false);

public sealed record CreateIssue(string Rig, string Actor, string Title) : IRigCommand
{
    public string? Description { get; init; }
    public string? Design { get; init; }
    public string? AcceptanceCriteria { get; init; }
    public string? Notes { get; init; }
    public string? IssueType { get; init; }
    public int? Priority { get; init; }
    public string? Status { get; init; }
    public string? Assignee { get; init; }
    public string? Owner { get; init; }
    public ImmutableList<string> Labels { get; init; } = [];
    public ImmutableList<DependencySpec> Dependencies { get; init; } = [];
    public string? Parent { get; init; }
    public string? ExplicitId { get; init; }
    /// <summary>beads' <c>create --force</c>: an explicit id may carry another prefix than the rig's.</summary>
    public bool Force { get; init; }
    public string? ExternalRef { get; init; }
    public int? EstimatedMinutes { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? DeferUntil { get; init; }
    /// <summary>Any JSON value, as text.</summary>
    public string? Metadata { get; init; }
    /// <summary>Check everything and answer with the issue that would be made, without making it.</summary>
    public bool DryRun { get; init; }
    /// <summary>beads' <c>--ephemeral</c>: a wisp, kept out of the JSONL and of lists unless asked for; its id reads &lt;prefix&gt;-wisp-&lt;hash&gt;.</summary>
    public bool Ephemeral { get; init; }
}

/// <summary>
/// Changes fields of one issue. <see cref="Fields"/> maps beads field names (title, status, priority, assignee,
/// due_at, metadata, ...) to their new value as text; an empty value clears the field.
/// </summary>
public sealed record UpdateIssue(string Rig, string Actor, string Id) : IRigCommand
{
    public ImmutableDictionary<string, string> Fields { get; init; } = ImmutableDictionary<string, string>.Empty;
    public string? AppendNotes { get; init; }
    public ImmutableList<string> AddLabels { get; init; } = [];
    public ImmutableList<string> RemoveLabels { get; init; } = [];
    /// <summary>When set, the issue's labels become exactly these.</summary>
    public ImmutableList<string>? SetLabels { get; init; }
    /// <summary>The agent session, recorded as closed_by_session when this update closes the issue.</summary>
    public string? Session { get; init; }
    /// <summary>A new parent (its parent-child edge replaces the old one); empty removes the parent; null leaves it.</summary>
    public string? Parent { get; init; }
    /// <summary>Keys set in the metadata object: each value as JSON when it is JSON, else as a string.</summary>
    public ImmutableDictionary<string, string> SetMetadata { get; init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>Keys removed from the metadata object.</summary>
    public ImmutableList<string> UnsetMetadata { get; init; } = [];
    /// <summary>Made only while the issue still is as the agent saw it (beads 1.3's --if-assignee, --if-status).</summary>
    public IssueExpectation? Expected { get; init; }
}

/// <summary>
/// What an agent expects of an issue before it changes it: its assignee (empty: nobody) and its status. A change
/// whose expectation no longer holds is refused with <see cref="ErrorCodes.PreconditionFailed"/> and nothing is made.
/// </summary>
public sealed record IssueExpectation(string? Assignee, string? Status);

/// <summary>Takes an issue: assignee = actor and status in_progress, only if it is open and nobody else holds it.</summary>
public sealed record ClaimIssue(string Rig, string Actor, string Id) : IRigCommand
{
}

public sealed record CloseIssue(string Rig, string Actor, string Id, string? Reason = null, bool Force = false) : IRigCommand
{
    /// <summary>The agent session closing it (beads' <c>--session</c>), recorded as the issue's closed_by_session.</summary>
    public string? Session { get; init; }
    /// <summary>Closed only while the issue still is as the agent saw it (--if-assignee, --if-status).</summary>
    public IssueExpectation? Expected { get; init; }
}

public sealed record ReopenIssue(string Rig, string Actor, string Id, string? Reason = null) : IRigCommand
{
}

/// <summary>beads' <c>bd rename</c>: the issue takes <see cref="NewId"/>, and the links and texts that name it follow.</summary>
public sealed record RenameIssue(string Rig, string Actor, string OldId, string NewId) : IRigCommand;

/// <summary>
/// beads 1.3's <c>bd reclaim --older-than</c>: every claim (an in-progress issue) with no change for
/// <see cref="OlderThan"/> goes back to open work, its assignee cleared, the audit trail saying whose it was and why.
/// Answered with the issues released; <see cref="DryRun"/> only names them.
/// </summary>
public sealed record ReclaimIssues(string Rig, string Actor, TimeSpan OlderThan) : IRigCommand
{
    public bool DryRun { get; init; }
}

/// <summary>beads' <c>bd undefer</c>: a deferred issue is open again now, its defer_until cleared.</summary>
public sealed record UndeferIssue(string Rig, string Actor, string Id) : IRigCommand;

/// <summary>
/// Every issue deferred until a time that has come is open again: what the rig's own timer decides when it fires
/// (from anyone else it changes nothing the timer would not). Answered with the issues it released.
/// </summary>
public sealed record ReleaseDueDeferrals(string Rig, string Actor) : IRigCommand;

/// <summary>
/// Every claim whose lease has run out goes back to open work, unassigned, the audit trail saying whose it was: what the
/// rig's own timer decides when it fires. Answered with the issues it released.
/// </summary>
public sealed record ReleaseExpiredLeases(string Rig, string Actor) : IRigCommand;

/// <summary>
/// beads 1.3's <c>bd heartbeat</c>: the claim's holder renews its lease for the rig's <c>claim.lease</c>. Refused
/// (precondition_failed) when the issue is no longer theirs and in progress: the lease ran out, or someone moved it.
/// Answered with <see cref="ClaimLeaseResult"/>.
/// </summary>
public sealed record RenewClaim(string Rig, string Actor, string Id) : IRigCommand;

/// <summary>
/// <c>bd ready --claim [--wait]</c> in one step at the rig: the first issue <see cref="Ready"/> names that nobody
/// holds is claimed for the actor, so two agents never race for it. With <see cref="Wait"/>, when nothing is ready the
/// rig keeps the request until work becomes ready (a close, a new issue, a lease run out, an undefer) and claims it
/// then, each issue for one waiter, first come first served; nothing polls. Answered with the claimed issue, or with
/// none when the wait ends first.
/// </summary>
public sealed record ClaimReadyWork(string Rig, string Actor, GetReadyWork Ready) : IRigCommand
{
    /// <summary>How long the rig keeps the request while nothing can be claimed; zero answers at once.</summary>
    public TimeSpan Wait { get; init; }
}

/// <summary>
/// The client of a waiting <see cref="ClaimReadyWork"/> (known by its request id) went away: the rig stops keeping it,
/// so that no issue is claimed for an agent that no longer listens.
/// </summary>
public sealed record CancelClaimWait(string Rig, string RequestId) : IRigMessage;

/// <summary>The actor the audit trail names for the rig's own changes (its timers, its sync).</summary>
public static class RigSelf
{
    public const string Actor = "beads";
}

/// <summary><see cref="IssueId"/> comes to depend on <see cref="DependsOnId"/>.</summary>
public sealed record AddDependency(string Rig, string Actor, string IssueId, string DependsOnId, string Type = "blocks")
    : IRigCommand
{
    /// <summary>
    /// The rig that holds <see cref="DependsOnId"/> when it is another rig's issue (an <c>external:</c> reference bd
    /// made from the id): a blocks edge to it then holds the issue back until that rig says it is resolved.
    /// </summary>
    public string? OtherRig { get; init; }
}

public sealed record RemoveDependency(string Rig, string Actor, string IssueId, string DependsOnId) : IRigCommand
{
}

/// <summary>
/// beads' <c>bd batch</c>: the steps decided one after another on the state the earlier ones leave, and journaled as
/// one write, so that all are made or none. Each step is an issue or link change to this rig (create, update, close,
/// reopen, claim, undefer, dep add, dep remove, comment, kv).
/// </summary>
public sealed record RunBatch(string Rig, string Actor, ImmutableList<BatchStep> Steps) : IRigCommand;

/// <param name="Line">Where the step was written (its line in the batch file), named when it is refused.</param>
public sealed record BatchStep(int Line, IRigMessage Command);

/// <summary>
/// beads' <c>bd delete</c>: takes the issues out for good, with the dependency links that lead to them, and marks the
/// text of the issues linked to them where it names them (<c>[deleted:id]</c>). Without <see cref="Force"/> nothing
/// changes: the answer is what would go (beads' preview).
/// </summary>
/// <param name="Cascade">Also delete every issue that depends on them, however far down.</param>
/// <param name="Force">Delete, and leave the issues that depend on them without those links; without it, only a preview.</param>
public sealed record DeleteIssues(string Rig, string Actor, ImmutableList<string> Ids, bool Cascade = false, bool Force = false)
    : IRigCommand
{
    /// <summary>Why, kept in the audit trail beside each deletion.</summary>
    public string? Reason { get; init; }
}

public sealed record AddComment(string Rig, string Actor, string Id, string Text) : IRigCommand
{
}

/// <summary>
/// Brings issues in as they are, such as the lines of a beads <c>issues.jsonl</c>: each one is created, or replaces the
/// rig's copy when its updated_at is newer. Custom statuses and types, tombstones, timestamps and unknown fields are
/// kept as given, whatever this rig's own settings say.
/// </summary>
public sealed record ImportIssues(string Rig, string Actor, ImmutableList<Issue> Issues) : IRigCommand
{

    /// <summary>Moves issues of another prefix under the rig's own (beads' <c>--rename-on-import</c>) instead of refusing them.</summary>
    public bool RenamePrefix { get; init; }
}

/// <summary>
/// A command that may reach its rig more than once: a sender that hears nothing (the rig's node died, the rig is
/// moving) sends the same envelope again. The rig applies the first copy that arrives and answers every later one with
/// that first answer, for as long as it remembers the request (see <c>AnsweredRequests</c> in Beads.Actors).
/// </summary>
/// <param name="RequestId">Unique per request: the same id means the same change.</param>
/// <param name="Command">An <see cref="IRigCommand"/>; typed as a message so that it serialises with its kind.</param>
public sealed record DeliverOnce(string RequestId, IRigMessage Command) : IRigMessage
{
    /// <summary>
    /// bd's --no-auto-flush: this change does not set off an automatic JSONL flush; it reaches the file with the next
    /// flush made for any other reason (another change, bd sync, the periodic export). An option of the request, so
    /// that every command takes it alike.
    /// </summary>
    public bool NoAutoFlush { get; init; }

    /// <summary>
    /// The client's own name for this change (<c>--idempotency-key</c>): the rig remembers it for a day, across restarts
    /// and moves, and answers the key sent again, in any later request, with the first answer, changing nothing; the
    /// key sent with another change is refused (<see cref="ErrorCodes.IdempotencyConflict"/>).
    /// </summary>
    public string? IdempotencyKey { get; init; }

    [JsonIgnore]
    public string Rig => Command.Rig;

    /// <summary>Why an idempotency key cannot be one (1 to 200 characters, none of them a control character); null when it can.</summary>
    public static string? KeyProblem(string key) =>
        key.Length is > 0 and <= 200 && !key.Any(char.IsControl)
            ? null
            : $"'{key}' cannot be an idempotency key: give 1 to 200 characters without control characters (a name of the change, such as deploy-2026-12-02-step-3)";

    public static DeliverOnce Of(IRigCommand command) => new(NewRequestId(), command);

    public static string NewRequestId() => Guid.NewGuid().ToString("N");
}
