using System.Collections.Immutable;
using Akka.Actor;
using Beads.Actors.Sync;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// The rig's side of sync, which <see cref="RigSyncActor"/> owns: the rig starts it once it has a home, hands it every
/// durable change (with the state after it, immutable, so nothing is copied), sends it bd sync, the sync keys of bd
/// config and bd stats, and journals the sync mode it reads at home.
/// </summary>
public sealed partial class RigActor
{
    /// <summary>Longer than the sync owner's own wait for the flush, so that its answer comes first.</summary>
    private static readonly TimeSpan StopFlushTimeout = TimeSpan.FromSeconds(35);

    private IActorRef? _syncOwner;

    /// <summary>Starts the sync owner of an initialised rig whose home is a folder (bd init sends its full path).</summary>
    private void StartSync()
    {
        if (_syncOwner is not null || !_durable.IsInitialized || !Path.IsPathRooted(_durable.HomeDirectory)) return;
        _syncOwner = Context.ActorOf(RigSyncActor.Props(_rig, _settings, _durable), "sync");
    }

    private void NotifySync(Domain.IRigEvent change, bool autoFlush)
    {
        if (_syncOwner is null)
        {
            // The sync owner starts from the state it is given, so changes before that need no telling.
            StartSync();
            return;
        }
        ImmutableArray<string> ids = Domain.RigEvents.IssueIdOf(change) is { } id ? [id] : [];
        _syncOwner.Tell(new RigChanged(_durable, ids, autoFlush));
    }

    /// <summary>bd sync, bd config of a sync key, bd config get/list and bd stats of an initialised rig: its sync owner's to answer.</summary>
    private void ToSync(IRigMessage message)
    {
        if (!_durable.IsInitialized)
        {
            Sender.Tell(Domain.RigDecider.NotInitialized(message.Rig));
            return;
        }
        if (_syncOwner is not null)
        {
            _syncOwner.Forward(message);
            return;
        }
        if (message is IRigQuery query)
            Answer(query); // a rig without a home folder (made by hand, not by bd init) has no sync to show
        else
            Sender.Tell(new Rejected(ErrorCodes.InvalidState, $"rig {_rig} has no home folder, so no sync and no config.yaml: make rigs with `bd init`"));
    }

    /// <summary>
    /// At home: when the settings as read differ from what the journal holds, a record of the sync mode (for the day
    /// the rig runs elsewhere) and word to the registry whether the rig needs its home node.
    /// </summary>
    private void RecordIfChanged(RigSyncSettings settings)
    {
        var mode = settings.Mode.Name();
        if (_durable.RecordedSync is { } known && known.Mode == mode && known.NoJsonlExport == settings.NoJsonlExport) return;
        var recorded = new Domain.RigSyncRecorded(mode, settings.NoJsonlExport, _settings.Clock.GetUtcNow(), RigSelf.Actor);
        _pending = _pending.Apply(recorded);
        PersistAllAsync([recorded], change => Persisted(change, autoFlush: false));
        if (Akka.Hosting.ActorRegistry.For(Context.System).TryGet<Registry.RigRegistry>(out var registry))
            registry.Tell(new Registry.RequireHome(_rig, settings.WritesJsonl));
    }

    /// <summary>A rig that stops (passivation, hand-off, shutdown) first has its sync owner flush what its file still lacks.</summary>
    private void StopAfterFlush()
    {
        if (_syncOwner is null)
        {
            DrainThenStop();
            return;
        }
        _syncOwner.Ask<ReadyToStop>(FlushBeforeStop.Instance, StopFlushTimeout)
            .ContinueWith(_ => StopNow.Instance)
            .PipeTo(Self);
    }
}

/// <summary>The flush before stopping is done (or gave up): the rig drains its projection, then stops.</summary>
internal sealed record StopNow : INotInfluenceReceiveTimeout
{
    public static readonly StopNow Instance = new();
}
