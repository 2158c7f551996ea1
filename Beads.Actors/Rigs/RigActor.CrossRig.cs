using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// Readiness across rigs (<see cref="CrossRigWaits"/>): the letters this rig owes others go out as soon as the change
/// that owes them is durable, then again on a timer (1 s, doubling to 30 s) until answered, and after every recovery,
/// so a notice survives the death of the host between a close and its delivery. Letters travel through the rig
/// region, which starts the addressee wherever it lives; each is handled once, however many copies arrive.
/// </summary>
public sealed partial class RigActor
{
    private static readonly TimeSpan FirstResend = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestResend = TimeSpan.FromSeconds(30);

    private TimeSpan _nextResend = FirstResend;
    private IActorRef? _otherRigs;

    /// <summary>
    /// Every rig, wherever it lives: what the settings give (tests), else the host's rigs (the region, or a standalone
    /// host's local rigs).
    /// </summary>
    private IActorRef OtherRigs => _otherRigs ??= _settings.OtherRigs?.Invoke(Context.System)
                                                  ?? Akka.Hosting.ActorRegistry.For(Context.System).Get<RigRegion>();

    /// <summary>Another rig waits for one of this rig's issues: watch it (once, durably), and tell that rig how it stands.</summary>
    private void Watch(WatchIssue watch)
    {
        if (!_pending.IsInitialized) return; // no rig here: the watcher asks again, and waits
        if (_pending.CrossRig.Current(_rig, watch.IssueId, watch.WatcherRig) is { } current)
        {
            // Watched already: the watcher lost or never got the answer. Told once what it says is durable.
            DeferAsync(current, notice => OtherRigs.Tell(notice));
            return;
        }
        PersistBookkeeping(new IssueWatched(watch.IssueId, watch.WatcherRig, watch.Reference, _settings.Clock.GetUtcNow(), watch.WatcherRig));
    }

    /// <summary>A notice of an issue this rig waits for: kept, then acknowledged (a copy or an old one at once).</summary>
    private void Heard(IssueNotice notice)
    {
        var received = new NoticeReceived(notice.FromRig, _rig, notice.IssueId, notice.Number);
        if (!_pending.CrossRig.Blockers.TryGetValue(notice.Reference, out var blocker) || notice.Number <= blocker.Number)
        {
            // A copy, or an old notice: acknowledged once what this rig holds of it is durable.
            DeferAsync(received, ack => OtherRigs.Tell(ack));
            return;
        }
        PersistBookkeeping(new RemoteIssueHeard(notice.Reference, notice.Resolved, notice.Number, _settings.Clock.GetUtcNow(), notice.FromRig),
            () => OtherRigs.Tell(received));
    }

    private void Acknowledged(NoticeReceived received)
    {
        if (_pending.CrossRig.Watched.TryGetValue(received.IssueId, out var issue)
            && issue.Watchers.TryGetValue(received.WatcherRig, out var watcher) && received.Number > watcher.Acknowledged)
            PersistBookkeeping(new WatcherAcknowledged(received.IssueId, received.WatcherRig, received.Number, _settings.Clock.GetUtcNow(), received.WatcherRig));
    }

    /// <summary>A change that is only the rig's own books, journaled beside the commands' changes (in order with them).</summary>
    private void PersistBookkeeping(IRigEvent change, Action? then = null)
    {
        _pending = _pending.Apply(change);
        PersistAsync(change, persisted =>
        {
            Persisted(persisted, autoFlush: false);
            then?.Invoke();
        });
    }

    /// <summary>After a durable change: the letters it made owed go out now, and the resend timer starts over.</summary>
    private void SendOwedLetters(IRigEvent change)
    {
        var about = change switch
        {
            RemoteWaitStarted e => e.Reference,
            IssueWatched e => e.IssueId,
            _ => RigEvents.IssueIdOf(change),
        };
        if (about is null || _durable.CrossRig.IsEmpty) return;
        var owed = _durable.CrossRig.OwedFor(_rig, about).ToList();
        if (owed.Count == 0) return;
        foreach (var letter in owed) OtherRigs.Tell(letter);
        _nextResend = FirstResend;
        Timers.StartSingleTimer(nameof(ResendLetters), ResendLetters.Instance, _nextResend);
    }

    /// <summary>Everything still owed (after a recovery, or on the timer), and the timer again while anything is.</summary>
    private void ResendOwedLetters()
    {
        var owed = _durable.CrossRig.Owed(_rig).ToList();
        if (owed.Count == 0) return;
        foreach (var letter in owed) OtherRigs.Tell(letter);
        Timers.StartSingleTimer(nameof(ResendLetters), ResendLetters.Instance, _nextResend);
        _nextResend = _nextResend * 2 > LongestResend ? LongestResend : _nextResend * 2;
    }

    private bool OwesLetters => _durable.CrossRig.Owed(_rig).Any();

    private sealed record ResendLetters
    {
        public static readonly ResendLetters Instance = new();
    }
}
