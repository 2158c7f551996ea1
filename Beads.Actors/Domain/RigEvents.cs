using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// A fact about a rig, persisted to its journal. Each event is also an audit record: who (<see cref="Actor"/>) did what
/// and when (<see cref="At"/>). Events are never changed once written; new meaning needs a new event type.
/// </summary>
public interface IRigEvent
{
    DateTimeOffset At { get; }
    string Actor { get; }
}

public sealed record RigInitialized(string Name, string Prefix, string HomeDirectory, DateTimeOffset At, string Actor)
    : IRigEvent
{
    /// <summary>The node that holds the home directory; null for rigs made before nodes were named.</summary>
    public string? HomeNode { get; init; }
}

public sealed record RigConfigChanged(string Key, string Value, DateTimeOffset At, string Actor) : IRigEvent;

/// <summary>
/// The rig's sync mode as its home's config.yaml said when it last ran there: a rig that runs elsewhere while its
/// home node is away cannot read that file, and needs to know whether it writes a JSONL at all.
/// </summary>
public sealed record RigSyncRecorded(string Mode, bool NoJsonlExport, DateTimeOffset At, string Actor) : IRigEvent;

/// <summary>The new issue, with its labels; its dependencies follow as <see cref="DependencyAdded"/> events.</summary>
public sealed record IssueCreated(Issue Issue, DateTimeOffset At, string Actor) : IRigEvent;

/// <summary>One field's value before and after, as text (see <see cref="IssueFields"/>); null means absent.</summary>
public sealed record FieldChange(string Field, string? Old, string? New);

public sealed record IssueUpdated(string IssueId, ImmutableList<FieldChange> Changes, DateTimeOffset At, string Actor)
    : IRigEvent;

/// <param name="Reason">Why, when the change was not the issue's own holder's (a reclaimed claim says whose it was).</param>
public sealed record IssueStatusChanged(string IssueId, string From, string To, DateTimeOffset At, string Actor, string? Reason = null)
    : IRigEvent;

/// <summary>The actor took the issue: it is now theirs and in progress.</summary>
public sealed record IssueClaimed(string IssueId, DateTimeOffset At, string Actor) : IRigEvent
{
    /// <summary>When the claim's lease runs out unless renewed (see <see cref="ClaimLeases"/>); null: no lease.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }
}

/// <summary>
/// The claim's holder renewed its lease (<c>bd heartbeat</c>, or claiming it again). It changes no field of the issue,
/// so neither the JSONL nor the SQL tables hear of it (see <see cref="RigEvents.IsBookkeeping"/>).
/// </summary>
public sealed record ClaimRenewed(string IssueId, DateTimeOffset LeaseUntil, DateTimeOffset At, string Actor) : IRigEvent;

/// <param name="Session">The agent session that closed it (beads' closed_by_session), when the closer named one.</param>
public sealed record IssueClosed(string IssueId, string? Reason, DateTimeOffset At, string Actor, string? Session = null) : IRigEvent;

public sealed record IssueReopened(string IssueId, string? Reason, DateTimeOffset At, string Actor) : IRigEvent;

public sealed record DependencyAdded(Dependency Dependency, DateTimeOffset At, string Actor) : IRigEvent;

public sealed record DependencyRemoved(string IssueId, string DependsOnId, string Type, DateTimeOffset At, string Actor)
    : IRigEvent;

public sealed record LabelAdded(string IssueId, string Label, DateTimeOffset At, string Actor) : IRigEvent;

public sealed record LabelRemoved(string IssueId, string Label, DateTimeOffset At, string Actor) : IRigEvent;

public sealed record CommentAdded(string IssueId, Comment Comment, DateTimeOffset At, string Actor) : IRigEvent;

/// <summary>
/// The issue is gone for good (beads' <c>bd delete</c>), with its own labels, comments and dependency links; the links
/// of other issues to it were removed by <see cref="DependencyRemoved"/> events before this one. The rig remembers
/// the id and the time, so that an older copy of the issue (a JSONL line from before, pulled back by git) does not
/// bring it back.
/// </summary>
public sealed record IssueDeleted(string IssueId, string Title, string? Reason, DateTimeOffset At, string Actor) : IRigEvent;

/// <summary>
/// An issue brought in whole by an import, replacing any earlier copy: its fields, labels, dependencies, comments and
/// timestamps are exactly the imported ones.
/// </summary>
public sealed record IssueImported(Issue Issue, DateTimeOffset At, string Actor) : IRigEvent;

/// <summary>
/// The answer to a request that its sender may send again (<see cref="DeliverOnce"/>), written with the events of the
/// change it made, in the same atomic write: a copy that arrives later, even at the rig restarted on another node, is
/// answered with this instead of being applied twice. Not part of the audit trail: it changes no issue.
/// </summary>
/// <param name="IssueId">When the answer was the issue itself: its id (the copy gets the issue as it is by then).</param>
/// <param name="Reply">Any other answer, kept whole.</param>
public sealed record RequestAnswered(string RequestId, string? IssueId, IRigReply? Reply, DateTimeOffset At, string Actor)
    : IRigEvent
{
    /// <summary>The idempotency key the client gave the request, remembered for a day (<see cref="AnsweredRequests.NoKeys"/>).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>What the keyed request asked (<see cref="RequestFingerprint"/>): the key used again for another change is refused.</summary>
    public string? Fingerprint { get; init; }

    public static RequestAnswered Of(string requestId, IRigReply reply, DateTimeOffset at, string actor) =>
        reply is IssueResult issue
            ? new(requestId, issue.Issue.Id, null, at, actor)
            : new(requestId, null, reply, at, actor);

    /// <summary>The answer for a repeated copy, from the rig as it is now.</summary>
    public IRigReply ReplyIn(RigState state) =>
        Reply ?? (state.Find(IssueId!) is { } issue
            ? new IssueResult(issue)
            : new Rejected(ErrorCodes.NotFound, $"the issue {IssueId} that this request made is gone"));
}

/// <summary>
/// An issue here now waits for <see cref="IssueId"/> of rig <see cref="Rig"/>, kept as <see cref="Reference"/> (the
/// edge itself is the <see cref="DependencyAdded"/> beside it): the rig asks the other to watch it (<see cref="CrossRigWaits"/>).
/// </summary>
public sealed record RemoteWaitStarted(string Reference, string Rig, string IssueId, DateTimeOffset At, string Actor) : IRigEvent;

/// <summary>Another rig's notice of an issue this rig waits for, kept before it is acknowledged.</summary>
public sealed record RemoteIssueHeard(string Reference, bool Resolved, long Number, DateTimeOffset At, string Actor) : IRigEvent;

/// <summary>Rig <see cref="WatcherRig"/> waits for this rig's <see cref="IssueId"/>: it is owed a notice of each change of its resolution.</summary>
public sealed record IssueWatched(string IssueId, string WatcherRig, string Reference, DateTimeOffset At, string Actor) : IRigEvent;

/// <summary>A watcher has this rig's notices of <see cref="IssueId"/> up to <see cref="Number"/>: they are no longer sent.</summary>
public sealed record WatcherAcknowledged(string IssueId, string WatcherRig, long Number, DateTimeOffset At, string Actor) : IRigEvent;

public static class RigEvents
{
    /// <summary>The issue an event changes; null for rig-level events (init, config). Every event changes at most one.</summary>
    public static string? IssueIdOf(IRigEvent change) => change switch
    {
        IssueCreated e => e.Issue.Id,
        IssueImported e => e.Issue.Id,
        IssueDeleted e => e.IssueId,
        IssueUpdated e => e.IssueId,
        IssueStatusChanged e => e.IssueId,
        IssueClaimed e => e.IssueId,
        ClaimRenewed e => e.IssueId,
        IssueClosed e => e.IssueId,
        IssueReopened e => e.IssueId,
        DependencyAdded e => e.Dependency.IssueId,
        DependencyRemoved e => e.IssueId,
        LabelAdded e => e.IssueId,
        LabelRemoved e => e.IssueId,
        CommentAdded e => e.IssueId,
        RigInitialized or RigConfigChanged or RigSyncRecorded or RequestAnswered => null,
        RemoteWaitStarted or RemoteIssueHeard or IssueWatched or WatcherAcknowledged => null,
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.GetType().Name, "unknown rig event"),
    };

    /// <summary>
    /// Whether the event only keeps the rig's own books (a remembered answer, a renewed lease): it changes no issue's
    /// record, so it gives the SQL tables no row and the JSONL nothing to write. The waits across rigs are
    /// bookkeeping too: they change what is ready, never an issue's record.
    /// </summary>
    public static bool IsBookkeeping(IRigEvent change) =>
        change is RequestAnswered or ClaimRenewed or RemoteWaitStarted or RemoteIssueHeard or IssueWatched or WatcherAcknowledged;
}
