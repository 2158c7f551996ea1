using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// Everything a rig knows, immutable: applying an event returns a new state that shares all unchanged parts with the
/// old one, so keeping several versions (durable, pending, a snapshot being written) costs almost nothing.
/// </summary>
public sealed record RigState
{
    public static readonly RigState Empty = new();

    public string? Name { get; init; }
    public string Prefix { get; init; } = "";
    public string HomeDirectory { get; init; } = "";

    /// <summary>The cluster node whose machine holds <see cref="HomeDirectory"/>; null when unknown.</summary>
    public string? HomeNode { get; init; }

    /// <summary>The sync mode last read at home (see <see cref="RigSyncRecorded"/>); null before the first.</summary>
    public RigSyncRecorded? RecordedSync { get; init; }
    public bool IsInitialized => Name is not null;

    /// <summary>Requests answered lately, so that a copy sent again is not applied twice.</summary>
    public AnsweredRequests AnsweredRequests { get; init; } = AnsweredRequests.None;

    /// <summary>The answers to requests that came with an idempotency key, by key, kept for a day.</summary>
    public AnsweredRequests KeyedRequests { get; init; } = AnsweredRequests.NoKeys;

    public ImmutableDictionary<string, string> Config { get; init; } = ImmutableDictionary<string, string>.Empty;
    public ImmutableDictionary<string, Issue> Issues { get; init; } =
        ImmutableDictionary.Create<string, Issue>(StringComparer.Ordinal);

    /// <summary>Reverse edges: an issue id to the ids of the issues that depend on it, whatever the type.</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> Dependents { get; init; } =
        ImmutableDictionary.Create<string, ImmutableHashSet<string>>(StringComparer.Ordinal);

    /// <summary>For each parent id, the highest N among its hierarchical children <c>parent.N</c>.</summary>
    public ImmutableDictionary<string, int> LastChildNumber { get; init; } =
        ImmutableDictionary.Create<string, int>(StringComparer.Ordinal);

    /// <summary>Issues whose id is not a child id; the id length adapts to this count.</summary>
    public int TopLevelIssueCount { get; init; }

    public long LastCommentNumber { get; init; }

    /// <summary>Deleted issues' ids and when they went: an import does not bring back a copy from before then.</summary>
    public ImmutableDictionary<string, DateTimeOffset> Deleted { get; init; } =
        ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal);

    /// <summary>The leases of claims, by issue id (see <see cref="ClaimLeases"/>).</summary>
    public ImmutableDictionary<string, ClaimLease> Leases { get; init; } =
        ImmutableDictionary.Create<string, ClaimLease>(StringComparer.Ordinal);

    /// <summary>What this rig's issues wait for in other rigs, and which of its issues other rigs wait for.</summary>
    public CrossRigWaits CrossRig { get; init; } = CrossRigWaits.None;

    public IEnumerable<string> CustomStatuses => RigConfigKeys.ParseList(Config.GetValueOrDefault(RigConfigKeys.CustomStatuses));
    public IEnumerable<string> CustomTypes => RigConfigKeys.ParseList(Config.GetValueOrDefault(RigConfigKeys.CustomTypes));
    public ImmutableArray<string> ValidStatuses => [.. Vocabulary.Statuses.BuiltIn.Concat(CustomStatuses).Distinct()];
    public ImmutableArray<string> ValidTypes => [.. Vocabulary.Types.BuiltIn.Concat(Vocabulary.Types.Internal).Concat(CustomTypes).Distinct()];

    /// <summary>Rebuilds a state, indexes included, from what <see cref="RigSnapshot"/> keeps.</summary>
    public static RigState Restore(RigSnapshot snapshot) =>
        snapshot.Issues.Aggregate(
            Empty with
            {
                Name = snapshot.Name,
                Prefix = snapshot.Prefix,
                HomeDirectory = snapshot.HomeDirectory,
                HomeNode = snapshot.HomeNode,
                RecordedSync = snapshot.RecordedSync,
                AnsweredRequests = AnsweredRequests.From(AnsweredRequests.None, snapshot.AnsweredRequests ?? []),
                KeyedRequests = AnsweredRequests.From(AnsweredRequests.NoKeys, snapshot.KeyedRequests ?? []),
                Config = snapshot.Config,
                LastCommentNumber = snapshot.LastCommentNumber,
                CrossRig = snapshot.CrossRig ?? CrossRigWaits.None,
                Deleted = (snapshot.Deleted ?? ImmutableDictionary<string, DateTimeOffset>.Empty).WithComparers(StringComparer.Ordinal),
                Leases = (snapshot.Leases ?? ImmutableDictionary<string, ClaimLease>.Empty).WithComparers(StringComparer.Ordinal),
            },
            (state, issue) => state.AddIssue(issue));

    public RigSnapshot ToSnapshot() =>
        new(Name, Prefix, HomeDirectory, Config, Issues.Values, LastCommentNumber)
        {
            HomeNode = HomeNode,
            RecordedSync = RecordedSync,
            AnsweredRequests = AnsweredRequests.All,
            KeyedRequests = KeyedRequests.All,
            Deleted = Deleted,
            Leases = Leases,
            CrossRig = CrossRig.IsEmpty ? null : CrossRig,
        };

    public Issue? Find(string id) => Issues.GetValueOrDefault(id);

    public IEnumerable<Issue> DependentsOf(string id, string type) =>
        Dependents.GetValueOrDefault(id, NoIds)
            .Select(Find)
            .OfType<Issue>()
            .Where(dependent => dependent.Dependencies.Any(d => d.DependsOnId == id && d.Type == type));

    /// <summary>The issues attached to <paramref name="id"/> by parent-child edges.</summary>
    public IEnumerable<Issue> ChildrenOf(string id) => DependentsOf(id, Vocabulary.DependencyTypes.ParentChild);

    public string? ParentOf(Issue issue) =>
        issue.Dependencies.FirstOrDefault(d => d.Type == Vocabulary.DependencyTypes.ParentChild)?.DependsOnId;

    public RigState Apply(IRigEvent change)
    {
        var next = ClaimLeases.Kept(Applied(change), change);
        return next.CrossRig.IsEmpty && !CrossRigWaits.Concerns(change) ? next : next with { CrossRig = CrossRigWaits.After(next, change) };
    }

    private RigState Applied(IRigEvent change) => change switch
    {
        RigInitialized e => this with { Name = e.Name, Prefix = e.Prefix, HomeDirectory = e.HomeDirectory, HomeNode = e.HomeNode },
        RigConfigChanged e => this with { Config = e.Value.Length == 0 ? Config.Remove(e.Key) : Config.SetItem(e.Key, e.Value) },
        RigSyncRecorded e => this with { RecordedSync = e },
        RequestAnswered e => this with { AnsweredRequests = AnsweredRequests.Add(e), KeyedRequests = KeyedRequests.Add(e) },
        RemoteWaitStarted or RemoteIssueHeard or IssueWatched or WatcherAcknowledged => this, // CrossRigWaits.After
        IssueCreated e => AddIssue(e.Issue) with { Deleted = Deleted.Remove(e.Issue.Id) },
        IssueUpdated e => Change(e.IssueId, e.At, issue => e.Changes.Aggregate(issue,
            (current, fieldChange) => IssueFields.Set(current, fieldChange.Field, fieldChange.New))),
        IssueStatusChanged e => Change(e.IssueId, e.At, issue => WithStatus(issue, e.To, e.At)),
        IssueClaimed e => Change(e.IssueId, e.At,
            issue => WithStatus(issue, Vocabulary.Statuses.InProgress, e.At) with { Assignee = e.Actor }) with
        {
            Leases = e.LeaseUntil is { } until ? Leases.SetItem(e.IssueId, new ClaimLease(e.Actor, until)) : Leases.Remove(e.IssueId),
        },
        ClaimRenewed e => this with { Leases = Leases.SetItem(e.IssueId, new ClaimLease(e.Actor, e.LeaseUntil)) },
        IssueClosed e => Change(e.IssueId, e.At, issue => issue with
        {
            Status = Vocabulary.Statuses.Closed, ClosedAt = e.At, CloseReason = e.Reason, ClosedBySession = e.Session,
        }),
        IssueReopened e => Change(e.IssueId, e.At, issue => issue with
        {
            Status = Vocabulary.Statuses.Open, ClosedAt = null, CloseReason = null, ClosedBySession = null,
        }),
        DependencyAdded e => AddDependency(e.Dependency, e.At),
        DependencyRemoved e => RemoveDependency(e.IssueId, e.DependsOnId, e.At),
        LabelAdded e => Change(e.IssueId, e.At, issue => issue with { Labels = issue.Labels.Add(e.Label) }),
        LabelRemoved e => Change(e.IssueId, e.At, issue => issue with { Labels = issue.Labels.Remove(e.Label) }),
        CommentAdded e => Change(e.IssueId, e.At, issue => issue with { Comments = issue.Comments.Add(e.Comment) })
            with { LastCommentNumber = Math.Max(LastCommentNumber, CommentNumber(e.Comment)) },
        IssueImported e => (Find(e.Issue.Id) is { } replaced ? RemoveIssue(replaced) : this).AddIssue(e.Issue) with { Deleted = Deleted.Remove(e.Issue.Id) },
        // A wisp was never in the JSONL, so no old copy of it can come back: nothing to remember.
        IssueDeleted e => RemoveIssue(Issues[e.IssueId]) with
        {
            Deleted = IssueFlags.IsEphemeral(Issues[e.IssueId]) ? Deleted : Deleted.SetItem(e.IssueId, e.At),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.GetType().Name, "unknown rig event"),
    };

    /// <summary>Moving to in_progress for the first time stamps started_at; a status change never touches closed_at
    /// except by leaving closed, which clears it (closed ⇔ closed_at set).</summary>
    private static Issue WithStatus(Issue issue, string status, DateTimeOffset at) => issue with
    {
        Status = status,
        StartedAt = issue.StartedAt ?? (status == Vocabulary.Statuses.InProgress ? at : null),
        ClosedAt = status == Vocabulary.Statuses.Closed ? issue.ClosedAt ?? at : null,
        CloseReason = status == Vocabulary.Statuses.Closed ? issue.CloseReason : null,
        ClosedBySession = status == Vocabulary.Statuses.Closed ? issue.ClosedBySession : null,
    };

    /// <summary>
    /// A change to one issue, which moves its updated_at to the change's time, never back: an issue that came in with
    /// a stamp ahead of this clock (another machine's, or a line dated 2099) keeps it, so that the line it came from,
    /// imported again later, is not newer than the edit made here meanwhile and cannot undo it.
    /// </summary>
    private RigState Change(string id, DateTimeOffset at, Func<Issue, Issue> change)
    {
        var before = Issues[id];
        return this with { Issues = Issues.SetItem(id, change(before) with { UpdatedAt = at > before.UpdatedAt ? at : before.UpdatedAt }) };
    }

    /// <summary>Adds an issue as it is, inline dependencies and comments included (new issues, snapshots, imports).</summary>
    private RigState AddIssue(Issue issue)
    {
        var state = this with
        {
            Issues = Issues.Add(issue.Id, issue),
            Dependents = issue.Dependencies.Aggregate(Dependents, (index, d) => WithDependent(index, d)),
            LastCommentNumber = issue.Comments.Select(CommentNumber).Append(LastCommentNumber).Max(),
        };
        return IssueIds.SplitChild(issue.Id) is var (parent, number)
            ? state with { LastChildNumber = LastChildNumber.SetItem(parent, Math.Max(number, LastChildNumber.GetValueOrDefault(parent))) }
            : state with { TopLevelIssueCount = TopLevelIssueCount + 1 };
    }

    /// <summary>
    /// Takes an issue out with its own edges, so that a replacement can come in. The issues that depend on it keep their
    /// edges to it. LastChildNumber and LastCommentNumber are high-water marks and stay: numbers are never reused.
    /// </summary>
    private RigState RemoveIssue(Issue issue) => this with
    {
        Issues = Issues.Remove(issue.Id),
        Dependents = issue.Dependencies.Aggregate(Dependents, (index, d) => WithoutDependent(index, d.DependsOnId, d.IssueId)),
        TopLevelIssueCount = IssueIds.SplitChild(issue.Id) is null ? TopLevelIssueCount - 1 : TopLevelIssueCount,
    };

    private static ImmutableDictionary<string, ImmutableHashSet<string>> WithDependent(
        ImmutableDictionary<string, ImmutableHashSet<string>> index, Dependency dependency) =>
        index.SetItem(dependency.DependsOnId,
            index.GetValueOrDefault(dependency.DependsOnId, NoIds).Add(dependency.IssueId));

    private static ImmutableDictionary<string, ImmutableHashSet<string>> WithoutDependent(
        ImmutableDictionary<string, ImmutableHashSet<string>> index, string dependsOnId, string issueId)
    {
        var remaining = index.GetValueOrDefault(dependsOnId, NoIds).Remove(issueId);
        return remaining.IsEmpty ? index.Remove(dependsOnId) : index.SetItem(dependsOnId, remaining);
    }

    private static readonly ImmutableHashSet<string> NoIds = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    private RigState AddDependency(Dependency dependency, DateTimeOffset at)
    {
        return Change(dependency.IssueId, at, issue => issue with { Dependencies = issue.Dependencies.Add(dependency) }) with
        {
            Dependents = WithDependent(Dependents, dependency),
        };
    }

    private RigState RemoveDependency(string issueId, string dependsOnId, DateTimeOffset at)
    {
        var state = Change(issueId, at, issue => issue with
        {
            Dependencies = issue.Dependencies.RemoveAll(d => d.DependsOnId == dependsOnId),
        });
        return state with { Dependents = WithoutDependent(Dependents, dependsOnId, issueId) };
    }

    private static long CommentNumber(Comment comment) => long.TryParse(comment.Id.Value, out var n) ? n : 0;
}
