using System.Diagnostics;
using Akka.Actor;
using Beads.Actors.Logging;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Beads.Actors.Domain;

namespace Beads.Actors.Projection;

/// <summary>
/// A rig's child that projects the rig's journal into the SQL tables through three <see cref="WriterActor"/>s, keyed by
/// issue id (one issue's changes stay in order on one connection; at most three connections per rig).
/// <para>
/// Batching is natural: a writer gets everything that queued for it while it wrote its last batch (up to max-batch),
/// so a busy writer writes many events per transaction; batch-delay makes an idle one wait that long for company
/// (the embedded store wants fewer transactions; a server does not). A failed writer is restarted
/// and given the same batch after a pause that doubles with each failure; nothing is skipped or reordered.
/// </para>
/// <para>
/// After the rig recovers (<see cref="CatchUp"/>) the coordinator claims the rig's rows (<see cref="ProjectionClaim"/>) and
/// replays the journal beyond the lowest offset the writers recorded, streamed from the read journal and paced by the
/// writers. Each replayed event is paired with the recovered state's copy of its issue, newer than the event, which
/// the idempotent write of a whole issue allows. Events arriving meanwhile wait behind the replay. When the writers
/// lag by more than max-backlog events the coordinator tells the rig, which holds new commands back until they are under
/// the bound again.
/// </para>
/// </summary>
public sealed class ProjectionCoordinator : UntypedActor, IWithTimers
{
    private const string ReadJournalId = "akka.persistence.query.journal.sql";
    private const int ReplayChunk = 500;

    private readonly string _rig;
    private readonly string _persistenceId;
    private readonly ProjectionSettings _settings;
    private readonly ProjectionStore _store;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WriterQueues _queues;
    private readonly IActorRef[] _writers;
    private readonly int[] _failures = new int[WriterIndex.Count];
    private readonly OncePerCause[] _warnings = [.. Enumerable.Range(0, WriterIndex.Count).Select(_ => new OncePerCause())];
    private readonly OncePerCause _replayWarnings = new();

    private Replay? _replay;
    private bool _behind;
    private bool _fenced;
    private IActorRef? _drainRequester;

    /// <summary>Bringing the tables up to the recovered rig: claim, then replay; live events wait behind it.</summary>
    private sealed class Replay(CatchUp target)
    {
        public CatchUp Target { get; } = target;
        public ProjectionClaim? Claim { get; set; }
        public bool Claiming { get; set; }
        /// <summary>The last journal event routed or passed over.</summary>
        public long Reached { get; set; }
        public int Failures { get; set; }
        public Queue<ProjectedEvent> Held { get; } = new();
        /// <summary>The replay stream, waiting for the writers before it sends more.</summary>
        public IActorRef? AwaitingAck { get; set; }

        /// <summary>A rig created in this start has nothing to replay, and claims its rows only once it has events.</summary>
        public bool IsIdle => Claim is null && !Claiming && Held.Count == 0;
    }

    private sealed record Claimed(ProjectionClaim Claim);
    private sealed record ReplayFailed(Exception Cause);
    private sealed record StartClaim
    {
        public static readonly StartClaim Instance = new();
    }
    private sealed record ContinueReplay
    {
        public static readonly ContinueReplay Instance = new();
    }
    private sealed record ReplayStarted
    {
        public static readonly ReplayStarted Instance = new();
    }
    private sealed record ReplayAck
    {
        public static readonly ReplayAck Instance = new();
    }
    private sealed record ReplayCompleted
    {
        public static readonly ReplayCompleted Instance = new();
    }
    private sealed record RetryWriter(int Writer, long? Batch);
    private sealed record Linger(int Writer);

    public ProjectionCoordinator(string rig, string persistenceId, ProjectionSettings settings)
    {
        _rig = rig;
        _persistenceId = persistenceId;
        _settings = settings;
        _store = new ProjectionStore(settings);
        _queues = new WriterQueues(rig, settings.MaxBatch);
        _writers = [.. Enumerable.Range(0, WriterIndex.Count)
            .Select(index => Context.ActorOf(WriterActor.Props(index, _store), $"writer-{index}"))];
    }

    public static Props Props(string rig, string persistenceId, ProjectionSettings settings) =>
        Akka.Actor.Props.Create(() => new ProjectionCoordinator(rig, persistenceId, settings));

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Every failure restarts the writer (a kill too); the coordinator logs it and retries after a pause.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(-1, -1, _ => Directive.Restart, loggingEnabled: false);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ProjectedEvent projected when _replay is not null:
                _replay.Held.Enqueue(projected);
                if (_replay.Claim is null && !_replay.Claiming) Claim();
                CheckBacklog();
                break;
            case ProjectedEvent projected:
                _queues.Route(projected);
                Dispatch(WriterIndex.Of(projected));
                CheckBacklog();
                break;
            case BatchWritten written:
                if (!_queues.Committed(written.Writer, written.Batch)) break;
                _failures[written.Writer] = 0;
                _warnings[written.Writer].Recovered();
                Dispatch(written.Writer);
                AfterProgress();
                break;
            case WriterRestarted restarted:
                ScheduleRetry(restarted);
                break;
            case RetryWriter retry:
                Retry(retry);
                break;
            case Linger linger:
                Dispatch(linger.Writer);
                break;
            case CatchUp catchUp:
                _replay = new Replay(catchUp);
                if (catchUp.LastSequenceNr > 0) Claim();
                break;
            case StartClaim:
                Claim();
                break;
            case Claimed claimed:
                ReplayAfter(claimed.Claim);
                break;
            case ContinueReplay:
                StreamJournal(_replay!);
                break;
            case ReplayStarted:
                Sender.Tell(ReplayAck.Instance);
                break;
            case IEnumerable<EventEnvelope> chunk:
                RouteReplayed(chunk);
                break;
            case ReplayCompleted:
                FinishReplay();
                break;
            case ReplayFailed failed:
                RetryReplay(failed.Cause);
                break;
            case DrainProjection:
                _drainRequester = Sender;
                DispatchAll();
                AnswerDrainWhenDone();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Dispatch(int writer)
    {
        if (_fenced) return;
        var draining = _drainRequester is not null;
        var linger = draining ? TimeSpan.Zero : _queues.Linger(writer, _settings.BatchDelay);
        if (linger > TimeSpan.Zero)
        {
            if (!Timers.IsTimerActive(("linger", writer))) Timers.StartSingleTimer(("linger", writer), new Linger(writer), linger);
            return;
        }
        if (_queues.Next(writer, draining) is { } batch) _writers[writer].Tell(batch);
    }

    private void DispatchAll()
    {
        for (var writer = 0; writer < WriterIndex.Count; writer++) Dispatch(writer);
    }

    private void AfterProgress()
    {
        if (_replay?.AwaitingAck is { } stream && _queues.Backlog < _settings.MaxBacklog)
        {
            _replay.AwaitingAck = null;
            stream.Tell(ReplayAck.Instance);
        }
        CheckBacklog();
        AnswerDrainWhenDone();
    }

    /// <summary>Tells the rig when the backlog crosses the bound, and when it is back under four fifths of it.</summary>
    private void CheckBacklog()
    {
        var backlog = _queues.Backlog + (_replay?.Held.Count ?? 0);
        if (!_behind && backlog > _settings.MaxBacklog)
        {
            _behind = true;
            Context.Parent.Tell(new ProjectionBehind(backlog));
        }
        else if (_behind && backlog <= _settings.MaxBacklog * 4L / 5)
        {
            _behind = false;
            Context.Parent.Tell(ProjectionCaughtUp.Instance);
        }
    }

    private void AnswerDrainWhenDone()
    {
        if (_drainRequester is null) return;
        var done = _replay is null ? _queues.IsDrained : _replay.IsIdle;
        if (!done && !_fenced) return;
        _drainRequester.Tell(ProjectionDrained.Instance);
        _drainRequester = null;
    }

    private void ScheduleRetry(WriterRestarted restarted)
    {
        var writer = restarted.Writer;
        if (restarted.Cause is ProjectionFencedException fenced)
        {
            _fenced = true;
            _log.Error("{0}", fenced.Message);
            AnswerDrainWhenDone();
            return;
        }
        var delay = _settings.RetryBackoff(++_failures[writer]);
        var batch = _queues.InFlight(writer);
        if (_warnings[writer].IsNew(restarted.Cause.GetBaseException().Message))
            _log.Warning("rig {0}: projection writer {1} failed{2} ({3}); trying again in {4:0.###} s", _rig, writer,
            batch is null ? "" : $" writing {batch.Events.Length} events", restarted.Cause.GetBaseException().Message,
            delay.TotalSeconds);
        Timers.StartSingleTimer(("retry", writer), new RetryWriter(writer, batch?.Number), delay);
    }

    private void Retry(RetryWriter retry)
    {
        // The batch that was in flight when the writer failed goes again, unless an answer for it came in meanwhile.
        if (_queues.InFlight(retry.Writer) is { } batch && batch.Number == retry.Batch)
            _writers[retry.Writer].Tell(batch);
        else
            Dispatch(retry.Writer);
    }

    private void Claim()
    {
        _replay!.Claiming = true;
        _store.ClaimAsync(_rig, CancellationToken.None)
            .PipeTo(Self, success: claim => new Claimed(claim), failure: cause => new ReplayFailed(cause));
    }

    private void ReplayAfter(ProjectionClaim claim)
    {
        var replay = _replay!;
        replay.Claiming = false;
        replay.Claim = claim;
        replay.Reached = claim.Offsets.Min();
        _queues.Resume(claim);
        StreamJournal(replay);
    }

    private void StreamJournal(Replay replay)
    {
        if (replay.Reached >= replay.Target.LastSequenceNr)
        {
            FinishReplay();
            return;
        }
        _log.Info("rig {0}: bringing the SQL tables up to event {1} from event {2} of the journal", _rig,
            replay.Target.LastSequenceNr, replay.Reached + 1);
        PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(ReadJournalId)
            .CurrentEventsByPersistenceId(_persistenceId, replay.Reached + 1, replay.Target.LastSequenceNr)
            .Grouped(ReplayChunk)
            .RunWith(Sink.ActorRefWithAck<IEnumerable<EventEnvelope>>(Self, ReplayStarted.Instance, ReplayAck.Instance,
                ReplayCompleted.Instance, cause => new ReplayFailed(cause)), Context.Materializer());
    }

    private void RouteReplayed(IEnumerable<EventEnvelope> chunk)
    {
        var replay = _replay!;
        var recorded = replay.Claim!.Offsets;
        var now = Stopwatch.GetTimestamp();
        foreach (var envelope in chunk)
        {
            if (envelope.SequenceNr <= replay.Reached || envelope.Event is not IRigEvent change) continue;
            var projected = ProjectedEvent.Of(envelope.SequenceNr, change, replay.Target.State, now);
            if (envelope.SequenceNr <= recorded[WriterIndex.Of(projected)])
                _queues.PassOver(envelope.SequenceNr);
            else
                _queues.Route(projected);
            replay.Reached = envelope.SequenceNr;
        }
        DispatchAll();
        if (_queues.Backlog < _settings.MaxBacklog) Sender.Tell(ReplayAck.Instance);
        else replay.AwaitingAck = Sender;
    }

    private void FinishReplay()
    {
        var replay = _replay!;
        if (replay.Reached < replay.Target.LastSequenceNr)
            _log.Warning("rig {0}: the journal replayed events up to {1} only, not {2}; the tables hold what it replayed",
                _rig, replay.Reached, replay.Target.LastSequenceNr);
        _queues.PassOver(replay.Target.LastSequenceNr);
        _replay = null;
        _replayWarnings.Recovered();
        foreach (var projected in replay.Held) _queues.Route(projected);
        DispatchAll();
        AfterProgress();
    }

    private void RetryReplay(Exception cause)
    {
        var replay = _replay!;
        var delay = _settings.RetryBackoff(++replay.Failures);
        if (_replayWarnings.IsNew(cause.GetBaseException().Message))
            _log.Warning("rig {0}: bringing the SQL tables up to date failed ({1}); trying again in {2:0.###} s",
            _rig, cause.GetBaseException().Message, delay.TotalSeconds);
        // Without a claim the claim is made again (still counted as under way, so live events do not hurry it); a
        // replay cut off half-way goes on from the last event it routed.
        Timers.StartSingleTimer("replay", replay.Claim is null ? StartClaim.Instance : ContinueReplay.Instance, delay);
    }
}
