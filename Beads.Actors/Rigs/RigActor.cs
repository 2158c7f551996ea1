using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Beads.Actors.Domain;
using Beads.Actors.Sync;
using Beads.Actors.Projection;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// One rig: an event-sourced actor whose journal is the rig's source of truth.
/// <para>
/// It keeps two states. <c>_pending</c> includes every event accepted so far, written or not, so that commands in
/// flight at the same time are decided one after another (two claims of one issue: one winner). <c>_durable</c> only
/// advances when the journal confirms a write, and answers every query: a reader never sees a change that a crash
/// could still take back. Writes use PersistAllAsync, so the mailbox never stalls while the journal works, and each
/// command is answered only once its events are durable.
/// </para>
/// <para>
/// Each durable event goes on to the rig's <see cref="ProjectionCoordinator"/>, which projects it into the SQL tables. When the
/// writers lag too far behind, the rig holds new commands back (queries are still answered) until they catch up.
/// </para>
/// </summary>
public sealed partial class RigActor : UntypedPersistentActor, IWithTimers
{
    private readonly string _rig;
    private readonly RigSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RigState _durable = RigState.Empty;
    private RigState _pending = RigState.Empty;

    /// <summary>Who waits for an answer to a write still in the journal's hands, oldest first.</summary>
    private readonly Queue<IActorRef> _awaitingDurability = new();

    /// <summary>Who sent a message while the rig was recovering: told at once if recovery fails, instead of never.</summary>
    private readonly List<IActorRef> _awaitingRecovery = [];
    private string? _recoveryFailure;

    private IActorRef _writers = ActorRefs.Nobody;
    private readonly HeldCommands _held = new();
    private readonly UnjournaledAnswers _unjournaledAnswers = new();
    private bool _intakeHeld;

    public RigActor(string rig, RigSettings settings)
    {
        _rig = rig;
        _settings = settings;
    }

    public static Props Props(string rig, RigSettings settings) => Akka.Actor.Props.Create(() => new RigActor(rig, settings));

    public const string PersistencePrefix = "rig-";

    public static string PersistenceIdOf(string rig) => PersistencePrefix + rig;

    public override string PersistenceId => PersistenceIdOf(_rig);

    public override Recovery Recovery =>
        _settings.RecoverFromSnapshots ? base.Recovery : new Recovery(SnapshotSelectionCriteria.None);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _writers = Context.ActorOf(ProjectionCoordinator.Props(_rig, PersistenceId, _settings.Projection), "writers");
        // Sharding leaves idle passivation to the entity when it remembers entities: after this long without a
        // message the rig asks its shard to stop it (RigStop: writes, JSONL and SQL tables first).
        if (_settings.PassivateAfter is { } idle) Context.SetReceiveTimeout(idle);
        base.PreStart();
    }

    protected override void PostStop()
    {
        // Stopped or restarted by a fault: whoever still waits for work hears now, and asks again.
        EndAllWaits();
        base.PostStop();
    }

    /// <summary>The projection coordinator only fails by a fault of its own: restarting the rig rebuilds its books from the journal.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: RigSnapshot snapshot } offer:
                _durable = RigState.Restore(snapshot);
                Feed.StartAt(offer.Metadata.SequenceNr);
                break;
            case IRigEvent change:
                _durable = _durable.Apply(change);
                Feed.Saw(_rig, LastSequenceNr, change, _durable);
                break;
            case RecoveryCompleted:
                _pending = _durable;
                _awaitingRecovery.Clear();
                _writers.Tell(new CatchUp(LastSequenceNr, _durable));
                _log.Debug("rig {0} recovered at event {1} with {2} issues", _rig, LastSequenceNr, _durable.Issues.Count);
                StartSync();
                ArmClockTimer(NextDue(_durable));
                ResendOwedLetters();
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        // A command that may arrive more than once carries its request id, by which a repeated copy is recognised, and
        // the request's options.
        var envelope = message as DeliverOnce;
        if (envelope is not null) message = envelope.Command;
        switch (message)
        {
            case SetRigConfig set when SyncSetting.Find(set.Key) is not null:
                ToSync(set);
                break;
            case IRigCommand command when _intakeHeld:
                _held.Hold(command, envelope, Sender);
                break;
            case IRigCommand command:
                Handle(command, envelope, Sender);
                break;
            case GetRigConfig or GetStats when _durable.IsInitialized:
                ToSync((IRigQuery)message);
                break;
            case IRigQuery query:
                Answer(query);
                break;
            case WatchIssue watch:
                Watch(watch);
                break;
            case IssueNotice notice:
                Heard(notice);
                break;
            case NoticeReceived received:
                Acknowledged(received);
                break;
            case ResendLetters:
                ResendOwedLetters();
                break;
            case FollowFeed follow:
                Follow(follow, Sender);
                break;
            case Terminated { ActorRef: var follower }:
                Unfollow(follower);
                break;
            case SyncRig sync:
                ToSync(sync);
                break;
            case ProjectionBehind behind:
                HoldIntake(behind);
                break;
            case ProjectionCaughtUp:
                ResumeIntake();
                break;
            case ExpireHeldCommands:
                RefuseHeld(_held.Expire(_settings.Projection.MaxIntakeWait),
                    $"its SQL tables lag too far behind its journal (the database is slow or failing), and this change " +
                    $"waited {_settings.Projection.MaxIntakeWait.TotalSeconds:0} s without being made: check the database, then retry");
                break;
            case RigStop:
                EndAllWaits();
                // Writes in flight first (DeferAsync), then the JSONL, then the SQL tables, then the rig stops.
                DeferAsync(RigStop.Instance, _ => StopAfterFlush());
                break;
            case ProjectionDrained or DrainTimedOut:
                Context.Stop(Self);
                break;
            case ReceiveTimeout when _clockTimerAt is not null || _waiters.Count > 0 || _followers.Count > 0 || OwesLetters:
                // A rig that passivates is forgotten until its next message, and its timer with it: a rig with an
                // issue deferred until a time, or a claim's lease running, stays up to act when the time comes; one
                // with agents waiting for work stays up to hand it to them, one with feed followers to tell them, one
                // owing another rig a notice to send it again until it is answered.
                break;
            case ReceiveTimeout:
                Context.Parent.Tell(new Passivate(RigStop.Instance));
                break;
            case ClockDue:
                ReleaseDue();
                break;
            case WakeClaimWaiters:
                TryWaiters();
                break;
            case ClaimWaitEnded ended:
                EndWait(ended.Key);
                break;
            case CancelClaimWait cancelled:
                EndWait(cancelled.RequestId);
                break;
            case SyncSettingsRead read:
                RecordIfChanged(read.Settings);
                break;
            case StopNow:
                DrainThenStop();
                break;
            case SaveSnapshotSuccess saved:
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure failed:
                _log.Warning(failed.Cause, "rig {0}: snapshot at event {1} failed; recovery replays more events until the next one succeeds",
                    _rig, failed.Metadata.SequenceNr);
                break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Handle(IRigCommand command, DeliverOnce? envelope, IActorRef sender)
    {
        var requestId = envelope?.RequestId;
        if (requestId is not null && _pending.AnsweredRequests.Find(requestId) is { } answered)
        {
            // A copy of a request already applied: the same answer, once the first copy's write is durable.
            DeferAsync(answered, a => sender.Tell(a.ReplyIn(_durable)));
            return;
        }
        if (requestId is not null && _unjournaledAnswers.Find(requestId) is { } unchanged)
        {
            DeferAsync(unchanged, reply => sender.Tell(reply));
            return;
        }
        var key = envelope?.IdempotencyKey;
        var fingerprint = key is null ? null : RequestFingerprint.Of(command);
        if (key is not null && _pending.KeyedRequests.Find(key) is { } earlier)
        {
            // The client's own retry of a change it named, minutes or hours later: the first answer, nothing changed.
            if (earlier.Fingerprint == fingerprint) DeferAsync(earlier, a => sender.Tell(a.ReplyIn(_durable)));
            else sender.Tell(IdempotencyConflict(key, earlier));
            return;
        }
        if (command is ClaimReadyWork wait && Parked(wait, envelope, sender)) return;
        var decided = RigDecider.Decide(_pending, command, _settings.Clock.GetUtcNow());
        if (decided.Error is { } refusal)
        {
            if (requestId is not null) _unjournaledAnswers.Remember(requestId, refusal);
            sender.Tell(refusal);
            return;
        }
        var decision = decided.Value;
        if (command is CreateIssue { DryRun: true } or ImportJsonl { DryRun: true })
        {
            sender.Tell(decision.Reply(decision.Events.Aggregate(_pending, (state, change) => state.Apply(change))));
            return;
        }
        _pending = decision.Events.Aggregate(_pending, (state, change) => state.Apply(change));
        var reply = decision.Reply(_pending);
        if (decision.Events.IsEmpty)
        {
            if (requestId is not null) _unjournaledAnswers.Remember(requestId, reply);
            // Runs after every write accepted before it, so even a no-op answer never shows a state a crash could undo.
            DeferAsync(reply, r => sender.Tell(r));
            return;
        }
        var events = decision.Events;
        if (requestId is not null)
        {
            var remembered = RequestAnswered.Of(requestId, reply, events[^1].At, command.Actor) with
            {
                IdempotencyKey = key,
                Fingerprint = fingerprint,
            };
            _pending = _pending.Apply(remembered);
            events = events.Add(remembered);
        }
        _awaitingDurability.Enqueue(sender);
        PersistAllAsync(events, change => Persisted(change, autoFlush: envelope is not { NoAutoFlush: true }));
        DeferAsync(reply, r => _awaitingDurability.Dequeue().Tell(r));
    }

    private Rejected IdempotencyConflict(string key, RequestAnswered earlier) =>
        new(ErrorCodes.IdempotencyConflict,
            $"rig {_rig}: the idempotency key '{key}' already named another change, made by {earlier.Actor} at " +
            $"{earlier.At:yyyy-MM-dd HH:mm:ss}Z; nothing was changed: give each change its own key");

    private void Persisted(IRigEvent change, bool autoFlush)
    {
        _durable = _durable.Apply(change);
        FeedPersisted(change);
        _writers.Tell(ProjectedEvent.Of(LastSequenceNr, change, _durable, Stopwatch.GetTimestamp()));
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
            SaveSnapshot(_durable.ToSnapshot());
        if (!RigEvents.IsBookkeeping(change))
        {
            NotifySync(change, autoFlush);
            WakeWaiters();
        }
        else if (change is RemoteIssueHeard)
            WakeWaiters(); // another rig's issue resolved may make one here ready
        ArmClockTimerFor(change);
        SendOwedLetters(change);
    }

    private void Answer(IRigQuery query)
    {
        var state = _durable;
        if (!state.IsInitialized)
        {
            Sender.Tell(RigDecider.NotInitialized(query.Rig));
            return;
        }
        var now = _settings.Clock.GetUtcNow();
        var sender = Sender;
        var system = Context.System;
        if (query is GetRigInfo or ResolveId or ShowIssues)
        {
            sender.Tell(ForSender(RigQueries.Answer(state, query, now), sender, system));
            return;
        }
        // Every other view may walk the whole rig (lists, cycles, trees, labels); the state is immutable, so it runs
        // beside the mailbox instead of in it.
        Task.Run(() => ForSender(RigQueries.Answer(state, query, now), sender, system)).PipeTo(sender);
    }

    private IRigReply ForSender(IRigReply reply, IActorRef sender, ActorSystem system) =>
        RemoteReplies.ForSender(reply, sender, system, _settings.RemoteFrameSize, _rig);

    private void HoldIntake(ProjectionBehind behind)
    {
        if (!_intakeHeld)
            _log.Warning("rig {0}: the SQL tables are {1} events behind the journal; holding new commands until the " +
                         "writers catch up (check the database if this lasts)", _rig, behind.Backlog);
        _intakeHeld = true;
        Timers.StartPeriodicTimer(nameof(ExpireHeldCommands), ExpireHeldCommands.Instance, TimeSpan.FromSeconds(1));
    }

    private void ResumeIntake()
    {
        _intakeHeld = false;
        Timers.Cancel(nameof(ExpireHeldCommands));
        foreach (var (command, envelope, sender) in _held.ReleaseAll()) Handle(command, envelope, sender);
        WakeWaiters();
    }

    private void RefuseHeld(IEnumerable<IActorRef> senders, string why)
    {
        var refusal = new Rejected(ErrorCodes.StorageUnavailable, $"rig {_rig}: {why}");
        foreach (var sender in senders) sender.Tell(refusal);
    }

    /// <summary>Stops once the writers have projected everything, or after the drain timeout (the next start catches up).</summary>
    private void DrainThenStop()
    {
        RefuseHeld(_held.ReleaseAll().Select(held => held.Sender),
            "the rig is stopping (idle, moving or shutting down) while its SQL tables catch up, and this change was not made: retry");
        _writers.Tell(DrainProjection.Instance);
        Timers.StartSingleTimer(nameof(DrainTimedOut), DrainTimedOut.Instance, _settings.Projection.DrainTimeout);
    }

    private sealed record ExpireHeldCommands
    {
        public static readonly ExpireHeldCommands Instance = new();
    }

    private sealed record DrainTimedOut
    {
        public static readonly DrainTimedOut Instance = new();
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        if (IsRecovering && message is IRigMessage)
        {
            if (_recoveryFailure is not null)
            {
                Sender.Tell(new Rejected(ErrorCodes.StorageUnavailable, _recoveryFailure));
                return true;
            }
            _awaitingRecovery.Add(Sender);
        }
        return base.AroundReceive(receive, message);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        // The rig cannot load its journal, so it stops. The messages it was holding until recovery ended would die
        // with it unanswered; their senders, and anyone sending before it is gone, learn why now.
        _recoveryFailure = $"rig {_rig} cannot load its journal ({reason.GetBaseException().Message}); nothing was " +
                           "changed: check the database, then retry";
        foreach (var waiting in _awaitingRecovery) waiting.Tell(new Rejected(ErrorCodes.StorageUnavailable, _recoveryFailure));
        _awaitingRecovery.Clear();
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The journal could not store a write. Everyone still waiting learns it now rather than by a timeout; the
        // actor then stops (the persistence contract), and its next message recovers it from what the journal holds.
        TellAwaiting($"the journal could not store this change ({cause.GetBaseException().Message}); nothing was " +
                     "changed: check the database, then retry");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The journal refused one write without storing it (a serialisation fault, say). _pending already holds its
        // events, so it can no longer be trusted: restart, which rebuilds both states from the journal. Writes sent
        // after the refused one may still land, so their senders are told the outcome is unknown, not that it failed.
        base.OnPersistRejected(cause, @event, sequenceNr);
        TellAwaiting($"the journal refused a change ({cause.GetBaseException().Message}) and the rig restarted; " +
                     "changes in flight may or may not be stored: check with `bd show` before retrying");
        throw new InvalidOperationException($"rig {_rig}: event {sequenceNr} was rejected by the journal", cause);
    }

    private void TellAwaiting(string why)
    {
        var refusal = new Rejected(ErrorCodes.StorageUnavailable, $"rig {_rig}: {why}");
        while (_awaitingDurability.TryDequeue(out var waiting)) waiting.Tell(refusal);
    }
}
