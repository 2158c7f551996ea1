using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Domain;

/// <summary>
/// An issue of another rig that holds one of this rig's issues back (<c>bd dep add a-1 b-2</c>, b-2 in rig
/// <see cref="Rig"/>): blocking until that rig has said it is resolved. <see cref="Resolved"/> is null until its
/// first notice; <see cref="Number"/> orders the notices, so an old one arriving late changes nothing.
/// </summary>
public sealed record RemoteBlocker(string Rig, string IssueId, bool? Resolved, long Number);

/// <summary>A rig waiting for one of this rig's issues, by the reference it keeps the issue under, and the notice it last acknowledged.</summary>
public sealed record Watcher(string Reference, long Acknowledged);

/// <summary>
/// One of this rig's issues that other rigs wait for: whether it is resolved (closed, pinned or gone), numbered by
/// each change of that, and its watchers by rig name.
/// </summary>
public sealed record WatchedIssue(bool Resolved, long Number, ImmutableDictionary<string, Watcher> Watchers);

/// <summary>
/// Readiness across rigs, both ways. The waiting rig keeps <see cref="Blockers"/>: each asks the other rig to watch
/// the issue (<see cref="WatchIssue"/>) until it hears from it. The other rig keeps <see cref="Watched"/>: whenever an
/// issue there turns resolved or back, each watcher is owed a <see cref="IssueNotice"/> until it acknowledges it
/// (<see cref="NoticeReceived"/>). What is owed is worked out from the journal alone, so a rig that restarts or moves
/// (or whose host died between a close and its notice) sends it again: notices are durable, at least once, and
/// numbered, so a copy or a late one changes nothing.
/// </summary>
public sealed record CrossRigWaits
{
    public static readonly CrossRigWaits None = new();

    /// <summary>What this rig's issues wait for elsewhere, by external reference (<c>external:&lt;prefix&gt;:&lt;id&gt;</c>).</summary>
    public ImmutableDictionary<string, RemoteBlocker> Blockers { get; init; } =
        ImmutableDictionary.Create<string, RemoteBlocker>(StringComparer.Ordinal);

    /// <summary>This rig's issues that other rigs wait for, by id.</summary>
    public ImmutableDictionary<string, WatchedIssue> Watched { get; init; } =
        ImmutableDictionary.Create<string, WatchedIssue>(StringComparer.Ordinal);

    public bool IsEmpty => Blockers.IsEmpty && Watched.IsEmpty;

    /// <summary>Whether an edge to <paramref name="reference"/> holds work back: a blocker not yet heard resolved.</summary>
    public bool Blocks(string reference) => Blockers.TryGetValue(reference, out var blocker) && blocker.Resolved != true;

    /// <summary>Closed, pinned, or no longer here (a deleted issue holds nothing back).</summary>
    public static bool IsResolvedIn(RigState state, string issueId) =>
        state.Find(issueId) is not { } issue || Readiness.IsResolved(issue.Status);

    /// <summary>Whether <paramref name="change"/> is one of the waits' own events.</summary>
    public static bool Concerns(IRigEvent change) => change is RemoteWaitStarted or RemoteIssueHeard or IssueWatched or WatcherAcknowledged;

    /// <summary>The waits after <paramref name="change"/>, which <paramref name="state"/> already includes.</summary>
    public static CrossRigWaits After(RigState state, IRigEvent change)
    {
        var waits = state.CrossRig;
        switch (change)
        {
            case RemoteWaitStarted e:
                return waits.Blockers.ContainsKey(e.Reference)
                    ? waits
                    : waits with { Blockers = waits.Blockers.Add(e.Reference, new RemoteBlocker(e.Rig, e.IssueId, null, 0)) };
            case RemoteIssueHeard e:
                return waits.Blockers.TryGetValue(e.Reference, out var blocker) && e.Number > blocker.Number
                    ? waits with { Blockers = waits.Blockers.SetItem(e.Reference, blocker with { Resolved = e.Resolved, Number = e.Number }) }
                    : waits;
            case IssueWatched e:
                var watched = waits.Watched.GetValueOrDefault(e.IssueId)
                              ?? new WatchedIssue(IsResolvedIn(state, e.IssueId), 1, ImmutableDictionary.Create<string, Watcher>(StringComparer.Ordinal));
                return watched.Watchers.ContainsKey(e.WatcherRig)
                    ? waits
                    : waits with { Watched = waits.Watched.SetItem(e.IssueId, watched with { Watchers = watched.Watchers.Add(e.WatcherRig, new Watcher(e.Reference, 0)) }) };
            case WatcherAcknowledged e:
                return waits.Watched.TryGetValue(e.IssueId, out var acknowledged)
                       && acknowledged.Watchers.TryGetValue(e.WatcherRig, out var watcher) && e.Number > watcher.Acknowledged
                    ? waits with
                    {
                        Watched = waits.Watched.SetItem(e.IssueId, acknowledged with
                        {
                            Watchers = acknowledged.Watchers.SetItem(e.WatcherRig, watcher with { Acknowledged = e.Number }),
                        }),
                    }
                    : waits;
        }
        if (waits.IsEmpty) return waits;
        if (change is DependencyRemoved or IssueDeleted or IssueImported) waits = waits.WithoutUnusedBlockers(state);
        // Any change of an issue others wait for may resolve it or undo that: a new number, owed to every watcher.
        return RigEvents.IssueIdOf(change) is { } id && waits.Watched.TryGetValue(id, out var issue)
               && IsResolvedIn(state, id) is var resolved && resolved != issue.Resolved
            ? waits with { Watched = waits.Watched.SetItem(id, issue with { Resolved = resolved, Number = issue.Number + 1 }) }
            : waits;
    }

    /// <summary>A blocker no edge points at any more is forgotten; the other rig's next notice of it is acknowledged and ignored.</summary>
    private CrossRigWaits WithoutUnusedBlockers(RigState state)
    {
        var unused = Blockers.Keys.Where(reference => !state.Dependents.ContainsKey(reference)).ToList();
        return unused.Count == 0 ? this : this with { Blockers = Blockers.RemoveRange(unused) };
    }

    /// <summary>Every letter this rig (<paramref name="self"/>) owes another: watches not yet answered, notices not yet acknowledged.</summary>
    public IEnumerable<IRigMessage> Owed(string self) =>
        Blockers.Keys.SelectMany(reference => OwedFor(self, reference))
            .Concat(Watched.Keys.SelectMany(id => OwedFor(self, id)));

    /// <summary>The letters owed about one reference (a blocker) or one issue id (watched).</summary>
    public IEnumerable<IRigMessage> OwedFor(string self, string referenceOrId)
    {
        if (Blockers.TryGetValue(referenceOrId, out var blocker) && blocker.Number == 0)
            yield return new WatchIssue(blocker.Rig, self, blocker.IssueId, referenceOrId);
        if (!Watched.TryGetValue(referenceOrId, out var issue)) yield break;
        foreach (var (rig, watcher) in issue.Watchers)
            if (watcher.Acknowledged < issue.Number)
                yield return new IssueNotice(rig, self, referenceOrId, watcher.Reference, issue.Resolved, issue.Number);
    }

    /// <summary>The notice a watcher gets when it asks again: the issue as it stands, whatever it acknowledged before.</summary>
    public IssueNotice? Current(string self, string issueId, string watcherRig) =>
        Watched.TryGetValue(issueId, out var issue) && issue.Watchers.TryGetValue(watcherRig, out var watcher)
            ? new IssueNotice(watcherRig, self, issueId, watcher.Reference, issue.Resolved, issue.Number)
            : null;
}

/// <summary>
/// To the rig holding an issue (<see cref="Rig"/>): <see cref="WatcherRig"/> waits for <see cref="IssueId"/>, which
/// it keeps as <see cref="Reference"/>; sent again until a notice comes back. Rigs send these to one another only:
/// the gateway's protocol has no name for them, so no client can send one.
/// </summary>
public sealed record WatchIssue(string Rig, string WatcherRig, string IssueId, string Reference) : IRigMessage;

/// <summary>To a waiting rig: <see cref="FromRig"/>'s issue is resolved or not, as of its change numbered <see cref="Number"/>.</summary>
public sealed record IssueNotice(string Rig, string FromRig, string IssueId, string Reference, bool Resolved, long Number) : IRigMessage;

/// <summary>To the rig that sent a notice: <see cref="WatcherRig"/> has it, durably, up to <see cref="Number"/>.</summary>
public sealed record NoticeReceived(string Rig, string WatcherRig, string IssueId, long Number) : IRigMessage;
