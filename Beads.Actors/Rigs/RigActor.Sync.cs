using System.Collections.Immutable;
using Akka.Actor;
using Beads.Actors.Jsonl;
using Beads.Actors.Sync;
using Beads.Protocol;

namespace Beads.Actors.Rigs;

/// <summary>
/// The rig's side of sync: it reads its settings, starts the flush and export children once it has a home, hands them
/// every durable change (with the state after it, immutable, so nothing is copied), and answers bd sync, bd config and
/// bd stats with their help. File work (reading and writing config.yaml, the JSONL, git) never runs on this mailbox.
/// </summary>
public sealed partial class RigActor
{
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    private IActorRef? _flush;
    private IActorRef? _export;
    private RigSyncSettings? _sync;
    private bool _syncStarting;

    /// <summary>
    /// Reads the sync settings of an initialised rig, beside the mailbox; the children start when they arrive. A rig
    /// without an absolute home (made by hand, not by bd init) has no folder to keep a JSONL in, and no sync.
    /// </summary>
    private void StartSync()
    {
        if (!_durable.IsInitialized || _syncStarting || !MayStartChildren) return;
        _syncStarting = true;
        LoadSyncSettings(replyTo: null);
    }

    /// <summary>
    /// Whether the flush and export children may start now: the rig has an absolute home (a rig made by hand, not by
    /// bd init, has no folder and no sync), they are not running yet, and this node may touch that folder.
    /// </summary>
    private bool MayStartChildren => _flush is null && Path.IsPathRooted(_durable.HomeDirectory) && !IsAwayFromHome;

    /// <summary>Reads the sync settings from their layers beside the mailbox, then handles them here.</summary>
    private void LoadSyncSettings(IActorRef? replyTo)
    {
        var (settings, home, self) = (_settings, _durable.HomeDirectory, Self);
        Task.Run(() => self.Tell(new SyncSettingsLoaded(settings.SyncSettingsFor(home), replyTo)));
    }

    /// <summary>
    /// Whether this node must not touch the rig's folder: its home node is another (that node is down, so the rig runs
    /// here for now) and the rig writes a JSONL there. The rig keeps taking writes from the journal; the JSONL catches
    /// up when the rig moves home.
    /// </summary>
    private bool IsAwayFromHome => !AtHome && (_durable.RecordedSync is null || AsRecorded(RigSyncSettings.Default).WritesJsonl);

    private string AwayFromHome =>
        $"rig {_rig} runs on node {_settings.NodeName} while its home node {_durable.HomeNode}, which holds {_durable.HomeDirectory}, " +
        "is away: its JSONL flush and sync are pending until that node returns (the issues are safe in the journal)";

    /// <summary>Whether this node can reach the rig's folder: it is the home node, or the folder is on a shared path.</summary>
    private bool AtHome =>
        _durable.HomeNode is not { } home || home == _settings.NodeName || OnSharedPath(_durable.HomeDirectory);

    /// <summary>
    /// At home: when the settings as read differ from what the journal holds, a record of the sync mode (for the day
    /// the rig runs elsewhere) and word to the registry whether the rig needs its home node.
    /// </summary>
    private void RecordIfChanged(RigSyncSettings settings)
    {
        var mode = settings.Mode.Name();
        if (_durable.RecordedSync is { } known && known.Mode == mode && known.NoJsonlExport == settings.NoJsonlExport) return;
        var recorded = new Domain.RigSyncRecorded(mode, settings.NoJsonlExport, _settings.Clock.GetUtcNow(), "beads");
        _pending = _pending.Apply(recorded);
        PersistAllAsync([recorded], change => Persisted(change, autoFlush: false));
        Context.ActorSelection(Registry.RigRegistryActor.ProxyPath).Tell(new Registry.RequireHome(_rig, settings.WritesJsonl));
    }

    /// <summary>Away from home (where config.yaml cannot be read): the defaults, with the sync mode last recorded at home.</summary>
    private RigSyncSettings AsRecorded(RigSyncSettings settings) =>
        _durable.RecordedSync is { } recorded
            ? settings with { Mode = SyncModes.Parse(recorded.Mode) ?? settings.Mode, NoJsonlExport = recorded.NoJsonlExport }
            : settings;

    private bool OnSharedPath(string home) =>
        _settings.SharedHomePaths.Any(shared =>
            Path.GetFullPath(home).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(shared)) + Path.DirectorySeparatorChar,
                StringComparison.Ordinal));

    private void OnSyncControl(ISyncControl control)
    {
        switch (control)
        {
            case SyncSettingsLoaded loaded:
                if (AtHome) RecordIfChanged(loaded.Settings);
                var settings = AtHome ? loaded.Settings : AsRecorded(loaded.Settings);
                _sync = settings;
                if (_flush is not null)
                {
                    _flush.Tell(new SyncSettingsChanged(settings));
                    _export!.Tell(new SyncSettingsChanged(settings));
                }
                else if (MayStartChildren)
                {
                    StartChildren(settings);
                }
                loaded.ReplyTo?.Tell(RigConfigView.Of(_durable, settings));
                break;
            case ReloadSyncSettings reload:
                LoadSyncSettings(reload.ReplyTo);
                break;
            case StopNow:
                DrainThenStop();
                break;
        }
    }

    private void StartChildren(RigSyncSettings settings)
    {
        var home = _durable.HomeDirectory;
        _flush = Context.ActorOf(FlushActor.Props(_rig, JsonlFile.In(home), _durable, settings, _settings.SyncDispatcher), "flush");
        _export = Context.ActorOf(ExportActor.Props(_rig, home, _flush, settings, _settings.Dolt, _settings.SyncDispatcher), "export");
    }

    private void NotifySync(Domain.IRigEvent change, bool autoFlush)
    {
        if (_flush is null)
        {
            // The children start from the state they are given, so changes before that need no telling.
            StartSync();
            return;
        }
        ImmutableArray<string> ids = Domain.RigEvents.IssueIdOf(change) is { } id ? [id] : [];
        _flush.Tell(new RigChanged(_durable, ids, autoFlush));
    }

    /// <summary>bd sync: answered by the export child once the cycle is done, or by the flush child for --flush-only.</summary>
    private void RunSync(SyncRig sync)
    {
        if (!_durable.IsInitialized)
        {
            Sender.Tell(Domain.RigDecider.NotInitialized(sync.Rig));
            return;
        }
        if (IsAwayFromHome)
        {
            Sender.Tell(new Rejected(ErrorCodes.InvalidState, AwayFromHome));
            return;
        }
        if (_flush is null || _export is null || _sync is null)
        {
            Sender.Tell(new Rejected(ErrorCodes.InvalidState, $"rig {_rig} is still starting its sync: retry in a moment"));
            return;
        }
        if (!sync.FlushOnly)
        {
            _export.Forward(new SyncNow());
            return;
        }
        var mode = _sync.Mode.Name();
        _flush.Ask<Flushed>(FlushNow.Instance, FlushTimeout).PipeTo(Sender,
            success: flushed => new SyncResult(mode, flushed.Describe(), "not run (--flush-only)", "not run (--flush-only)",
                flushed.Took.TotalMilliseconds)
            {
                Error = flushed.Failed ? flushed.NotWritten : null,
            },
            failure: e => new Rejected(ErrorCodes.StorageUnavailable,
                $"rig {_rig}: the flush did not answer ({e.GetBaseException().Message}); check `bd stats` and retry"));
    }

    /// <summary>
    /// bd config get/list: the settings as the files say now, read beside the mailbox; the children get them too, so a
    /// hand edit of config.yaml applies from the next bd config (or the rig's next start). bd stats: the rig's own
    /// summary plus the children's figures.
    /// </summary>
    private void AnswerWithSync(IRigQuery query)
    {
        var state = _durable;
        var settings = _settings;
        var sender = Sender;
        if (query is GetRigConfig)
        {
            LoadSyncSettings(sender);
            return;
        }
        var now = settings.Clock.GetUtcNow();
        var sync = _sync;
        var (flush, export) = (_flush, _export);
        var away = IsAwayFromHome ? AwayFromHome : null;
        Task.Run(async () =>
        {
            var stats = (StatsResult)RigQueries.Answer(state, query, now);
            if (away is not null)
                return stats with { Sync = new RigSyncStats("pending", JsonlFile.In(state.HomeDirectory).Path) { LastError = away } };
            if (flush is null || export is null || sync is null) return stats;
            try
            {
                return stats with { Sync = await SyncStatistics.Gather(flush, export, sync, ChildTimeout) };
            }
            catch (AskTimeoutException)
            {
                return stats; // beads' summary still answers while a child is too busy to
            }
        }).PipeTo(sender);
    }

    /// <summary>bd config set of a sync setting: checked here, written to the rig's config.yaml beside the mailbox.</summary>
    private void ChangeSyncSetting(SyncSetting setting, string value)
    {
        var sender = Sender;
        if (!_durable.IsInitialized)
        {
            sender.Tell(Domain.RigDecider.NotInitialized(_rig));
            return;
        }
        if (IsAwayFromHome)
        {
            // config.yaml lives in the rig's folder, on its home node's machine.
            sender.Tell(new Rejected(ErrorCodes.InvalidState, AwayFromHome));
            return;
        }
        if (setting.Apply(RigSyncSettings.Default, value) is not { } applied)
        {
            sender.Tell(new Rejected(ErrorCodes.InvalidArgument, setting.Invalid(value)));
            return;
        }
        var canonical = setting.Show(applied);
        var path = RigConfigYaml.PathIn(_durable.HomeDirectory);
        var self = Self;
        Task.Run(() =>
        {
            try
            {
                RigConfigYaml.Write(path, setting.Key, canonical);
                self.Tell(new ReloadSyncSettings(sender));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                sender.Tell(new Rejected(ErrorCodes.StorageUnavailable,
                    $"could not write {setting.Key} to {path}: {e.Message}; check that the folder is writable"));
            }
        });
    }

    /// <summary>A rig that stops (passivation, hand-off, shutdown) first flushes what its file still lacks.</summary>
    private void StopAfterFlush()
    {
        if (_flush is null || _sync is not { WritesJsonl: true, NoAutoFlush: false })
        {
            DrainThenStop();
            return;
        }
        _flush.Ask<Flushed>(FlushNow.Instance, FlushTimeout)
            .ContinueWith(_ => StopNow.Instance)
            .PipeTo(Self);
    }
}

/// <summary>Messages a rig sends itself for its sync side; bookkeeping, so they do not keep an idle rig awake.</summary>
internal interface ISyncControl : INotInfluenceReceiveTimeout;

/// <summary>The rig's sync settings as read from its layers; <see cref="ReplyTo"/> waits for them after bd config set.</summary>
internal sealed record SyncSettingsLoaded(RigSyncSettings Settings, IActorRef? ReplyTo) : ISyncControl;

/// <summary>config.yaml was written for <see cref="ReplyTo"/>'s bd config set: read the settings again, then answer.</summary>
internal sealed record ReloadSyncSettings(IActorRef ReplyTo) : ISyncControl;

/// <summary>The flush before stopping is done (or gave up): the rig drains its projection, then stops.</summary>
internal sealed record StopNow : ISyncControl
{
    public static readonly StopNow Instance = new();
}
