using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Beads.Actors.Domain;
using Beads.Actors.Sync;
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
/// </summary>
public sealed partial class RigActor : UntypedPersistentActor
{
    private readonly string _rig;
    private readonly RigSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RigState _durable = RigState.Empty;
    private RigState _pending = RigState.Empty;

    /// <summary>Who waits for an answer to a write still in the journal's hands, oldest first.</summary>
    private readonly Queue<IActorRef> _awaitingDurability = new();

    public RigActor(string rig, RigSettings settings)
    {
        _rig = rig;
        _settings = settings;
    }

    public static Props Props(string rig, RigSettings settings) => Akka.Actor.Props.Create(() => new RigActor(rig, settings));

    public static string PersistenceIdOf(string rig) => $"rig-{rig}";

    public override string PersistenceId => PersistenceIdOf(_rig);

    public override Recovery Recovery =>
        _settings.RecoverFromSnapshots ? base.Recovery : new Recovery(SnapshotSelectionCriteria.None);

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: RigSnapshot snapshot }:
                _durable = RigState.Restore(snapshot);
                break;
            case IRigEvent change:
                _durable = _durable.Apply(change);
                break;
            case RecoveryCompleted:
                _pending = _durable;
                _log.Debug("rig {0} recovered at event {1} with {2} issues", _rig, LastSequenceNr, _durable.Issues.Count);
                StartSync();
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case SetRigConfig set when SyncSetting.Find(set.Key) is { } setting:
                ChangeSyncSetting(setting, set.Value);
                break;
            case IRigCommand command:
                Handle(command);
                break;
            case GetRigConfig or GetStats when _durable.IsInitialized:
                AnswerWithSync((IRigQuery)message);
                break;
            case IRigQuery query:
                Answer(query);
                break;
            case SyncRig sync:
                RunSync(sync);
                break;
            case RigStop:
                DeferAsync(RigStop.Instance, _ => StopAfterFlush());
                break;
            case ISyncControl control:
                OnSyncControl(control);
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

    private void Handle(IRigCommand command)
    {
        var sender = Sender;
        var decided = RigDecider.Decide(_pending, command, _settings.Clock.GetUtcNow());
        if (!decided.IsOk)
        {
            sender.Tell(decided.Error);
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
            // Runs after every write accepted before it, so even a no-op answer never shows a state a crash could undo.
            DeferAsync(reply, r => sender.Tell(r));
            return;
        }
        _awaitingDurability.Enqueue(sender);
        PersistAllAsync(decision.Events, change => Persisted(change, autoFlush: !command.NoAutoFlush));
        DeferAsync(reply, r => _awaitingDurability.Dequeue().Tell(r));
    }

    private void Persisted(IRigEvent change, bool autoFlush)
    {
        _durable = _durable.Apply(change);
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
            SaveSnapshot(_durable.ToSnapshot());
        NotifySync(change, autoFlush);
    }

    private void Answer(IRigQuery query)
    {
        var state = _durable;
        if (!state.IsInitialized)
        {
            Sender.Tell(RigDecider.NotInitialized(query.Rig));
            return;
        }
        if (query is ListIssues or GetReadyWork or GetBlockedIssues or ExportIssues)
        {
            // The state is immutable, so whole-rig scans run beside the mailbox instead of in it.
            var now = _settings.Clock.GetUtcNow();
            Task.Run(() => RigQueries.Answer(state, query, now)).PipeTo(Sender);
            return;
        }
        Sender.Tell(RigQueries.Answer(state, query, _settings.Clock.GetUtcNow()));
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
