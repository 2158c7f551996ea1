using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>What <see cref="LocalRigs"/> keeps in the journal: which rigs were running, so a restart starts them again.</summary>
public interface ILocalRigsRecord;

public sealed record LocalRigStarted(string Rig) : ILocalRigsRecord;

/// <summary>The rig passivated (idle): it starts again only when a message comes for it.</summary>
public sealed record LocalRigPassivated(string Rig) : ILocalRigsRecord;

public sealed record LocalRigsSnapshot(ImmutableSortedSet<string> Running) : ILocalRigsRecord;

/// <summary>Stops every rig once its writes are durable, its JSONL flushed and its tables caught up; answered with <see cref="Done"/>.</summary>
public sealed record StopAllRigs
{
    public static readonly StopAllRigs Instance = new();
}

/// <summary>
/// The rigs of a standalone host (<see cref="Cluster.Standalone"/>), as its children: what the rig shard region is to
/// a cluster node, with the same contract for the rig actor. A message starts its rig; an idle rig asks to passivate
/// (<see cref="Passivate"/>) and is sent its stop message, while messages that come for it meanwhile wait and start it
/// again. The rigs that are running are remembered (<see cref="RunningRigs"/>) and started again when the host starts,
/// as sharding's remember-entities does, so that a rig killed with a flush or an export due finishes it without
/// waiting for a command. A rig that stops by itself (its journal failed) starts again after a pause. The host's
/// shutdown stops every rig the graceful way (<see cref="StopAllRigs"/>). Never persists itself, so that a store that
/// fails stops no more than the rigs that write to it.
/// </summary>
public sealed class LocalRigs : ReceiveActor, IWithTimers
{
    public const string Name = "rigs";

    private readonly Func<string, Props> _rigProps;

    /// <summary>How long a rig, or the record of running rigs, that stopped by itself waits before it starts again.</summary>
    private readonly TimeSpan _restartPause;
    private IActorRef _record = ActorRefs.Nobody;

    /// <summary>Rigs told to stop, with the messages that came for them since (sent on when the rig starts again).</summary>
    private readonly Dictionary<string, List<(IRigMessage Message, IActorRef Sender)>> _stopping = [];

    private IActorRef? _stoppingAllFor;

    public ITimerScheduler Timers { get; set; } = null!;

    public LocalRigs(Func<string, Props> rigProps, TimeSpan restartPause)
    {
        _rigProps = rigProps;
        _restartPause = restartPause;

        Receive<IRigMessage>(Deliver);
        Receive<Passivate>(passivate =>
        {
            if (RigOf(Sender) is not { } rig || !_stopping.TryAdd(rig, [])) return;
            Sender.Tell(passivate.StopMessage);
        });
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_record)) RecordStopped();
            else if (RigOf(terminated.ActorRef) is { } rig) Stopped(rig);
        });
        Receive<StartRecord>(_ => StartRunningRigsRecord());
        Receive<RunningRigs.Settled>(_ => _stoppingAllFor?.Tell(Done.Instance));
        Receive<RunningRigs.Recovered>(recovered =>
        {
            // Started again after the host stopped or died, with whatever they still had to do; and the record
            // brought up to what runs now (it may have missed changes while it was down).
            if (_stoppingAllFor is null)
                foreach (var rig in recovered.Running.Where(rig => Child(rig).IsNobody())) Start(rig);
            _record.Tell(new RunningRigs.Now([.. Running()]));
        });
        Receive<StartAgain>(again =>
        {
            if (_stoppingAllFor is null && Child(again.Rig).IsNobody()) Start(again.Rig);
        });
        Receive<GetShardRegionState>(_ => Sender.Tell(new CurrentShardRegionState(
            [.. Running().Select(rig => new ShardState(rig, [rig]))], ImmutableHashSet<string>.Empty)));
        Receive<StopAllRigs>(_ =>
        {
            _stoppingAllFor = Sender;
            foreach (var child in Context.GetChildren())
                if (RigOf(child) is { } rig && _stopping.TryAdd(rig, [])) child.Tell(RigStop.Instance);
            AnswerWhenAllStopped();
        });
    }

    /// <param name="restartPause">
    /// How long a rig that stopped by itself waits before it starts again unasked (the host gives sharding's
    /// <c>akka.cluster.sharding.entity-restart-backoff</c>, 10 s by default).
    /// </param>
    public static Props Props(Func<string, Props> rigProps, TimeSpan restartPause) =>
        Akka.Actor.Props.Create(() => new LocalRigs(rigProps, restartPause));

    protected override void PreStart() => StartRunningRigsRecord();

    /// <summary>The record's store failed: it starts again later; a shutdown that waited for it goes on without it.</summary>
    private void RecordStopped()
    {
        _record = ActorRefs.Nobody;
        if (_stoppingAllFor is null) Timers.StartSingleTimer(nameof(RunningRigs), StartRecord.Instance, _restartPause);
        else AnswerWhenAllStopped();
    }

    private void StartRunningRigsRecord() => _record = Context.Watch(Context.ActorOf(RunningRigs.Props(), RunningRigs.Name));

    private void Deliver(IRigMessage message)
    {
        var rig = message.Rig;
        if (string.IsNullOrEmpty(rig)) return; // no rig to start (sharding drops it too); the gateway refuses such a message first
        if (_stoppingAllFor is not null)
        {
            Sender.Tell(new Rejected(ErrorCodes.RigUnavailable, $"rig {rig} is stopping with its host; nothing was changed: retry once the host is back"));
            return;
        }
        if (_stopping.TryGetValue(rig, out var waiting))
        {
            waiting.Add((message, Sender));
            return;
        }
        var child = Child(rig);
        (child.IsNobody() ? Start(rig) : child).Forward(message);
    }

    private void Stopped(string rig)
    {
        if (!_stopping.Remove(rig, out var waiting))
        {
            // It stopped by itself (its journal failed: the persistence contract); it has work to finish, so it comes back.
            if (_stoppingAllFor is null) Timers.StartSingleTimer(rig, new StartAgain(rig), _restartPause);
        }
        else if (_stoppingAllFor is null && waiting.Count > 0)
        {
            var child = Start(rig);
            foreach (var (message, sender) in waiting) child.Tell(message, sender);
        }
        else if (_stoppingAllFor is null)
        {
            _record.Tell(new LocalRigPassivated(rig)); // idle: it starts again only when a message comes for it
        }
        AnswerWhenAllStopped();
    }

    /// <summary>Once every rig has stopped, and the record has written what it was told, the shutdown goes on.</summary>
    private void AnswerWhenAllStopped()
    {
        if (_stoppingAllFor is null || Running().Any()) return;
        if (_record.IsNobody()) _stoppingAllFor.Tell(Done.Instance);
        else _record.Tell(RunningRigs.Settle.Instance);
    }

    private IActorRef Start(string rig)
    {
        _record.Tell(new LocalRigStarted(rig));
        return Context.Watch(Context.ActorOf(_rigProps(rig), Uri.EscapeDataString(rig)));
    }

    private IActorRef Child(string rig) => Context.Child(Uri.EscapeDataString(rig));

    private IEnumerable<string> Running() =>
        Context.GetChildren().Select(RigOf).OfType<string>();

    /// <summary>The rig a child runs, or null for the record.</summary>
    private static string? RigOf(IActorRef child) =>
        child.Path.Name == RunningRigs.Name ? null : Uri.UnescapeDataString(child.Path.Name);

    private sealed record StartAgain(string Rig);

    private sealed record StartRecord
    {
        public static readonly StartRecord Instance = new();
    }
}

/// <summary>
/// The journal's record of which rigs of a standalone host run: told by <see cref="LocalRigs"/> of every start and
/// passivation (the very records it keeps), written without holding a rig up (a crash within those milliseconds costs only the restart of a rig
/// whose work then waits for its next message). When its store fails it stops, as persistent actors do, and its
/// parent starts it again later and tells it what runs by then.
/// </summary>
public sealed class RunningRigs : ReceivePersistentActor
{
    /// <summary>Its name beside the rigs: a rig's name, escaped, never holds a colon.</summary>
    public const string Name = "record:running";

    /// <summary>A snapshot every so many records keeps the recovery of a long-lived host short.</summary>
    private const int SnapshotEvery = 100;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ImmutableSortedSet<string> _running = [];

    public override string PersistenceId => "beads-local-rigs";

    public RunningRigs()
    {
        Recover<LocalRigStarted>(Apply);
        Recover<LocalRigPassivated>(Apply);
        Recover<SnapshotOffer>(offer => _running = ((LocalRigsSnapshot)offer.Snapshot).Running);
        Recover<RecoveryCompleted>(_ => Context.Parent.Tell(new Recovered(_running)));

        Command<LocalRigStarted>(Record);
        Command<LocalRigPassivated>(Record);
        Command<Now>(now =>
        {
            foreach (var rig in now.Running.Except(_running)) Record(new LocalRigStarted(rig));
            foreach (var rig in _running.Except(now.Running)) Record(new LocalRigPassivated(rig));
        });
        Command<Settle>(settle => DeferAsync(settle, _ => Sender.Tell(Settled.Instance)));
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(failure =>
            _log.Warning("could not save a snapshot of the running rigs ({0}); the journal still has them", failure.Cause.Message));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new RunningRigs());

    /// <summary>Records a start or passivation that changes the set (the set's Add and Remove return it unchanged otherwise).</summary>
    private void Record(ILocalRigsRecord record)
    {
        var before = _running;
        // Applied at once, so that the next change is judged against it; written in the background.
        Apply(record);
        if (ReferenceEquals(before, _running)) return;
        PersistAsync(record, _ =>
        {
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new LocalRigsSnapshot(_running));
        });
    }

    private void Apply(ILocalRigsRecord record) => _running = record switch
    {
        LocalRigStarted started => _running.Add(started.Rig),
        LocalRigPassivated passivated => _running.Remove(passivated.Rig),
        _ => _running,
    };

    /// <summary>The rigs running now, for a record that was down and may have missed starts and passivations.</summary>
    public sealed record Now(ImmutableSortedSet<string> Running);

    public sealed record Recovered(ImmutableSortedSet<string> Running);

    /// <summary>Answered with <see cref="Settled"/> once every change told before it is written (or failed).</summary>
    public sealed record Settle
    {
        public static readonly Settle Instance = new();
    }

    public sealed record Settled
    {
        public static readonly Settled Instance = new();
    }
}
