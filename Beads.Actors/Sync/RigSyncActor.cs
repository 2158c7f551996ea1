using System.Collections.Immutable;
using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Actors.Rigs;
using Beads.Protocol;

namespace Beads.Actors.Sync;

/// <summary>
/// The one owner of a rig's sync, a child of the rig: it resolves the sync settings (and reads and writes them in
/// <c>.beads/config.yaml</c>), knows whether this node may touch the rig's folder, supervises the flush, auto-import
/// and export children (and carries what the flush and the auto-import tell each other), and answers bd sync, the sync
/// keys of bd config and bd stats. The rig keeps
/// the journal and hands this actor every durable change; it records the sync mode this actor read
/// (<see cref="SyncSettingsRead"/>) so that a node away from the rig's home knows it too. File work never runs on this
/// mailbox.
/// </summary>
public sealed class RigSyncActor : ReceiveActor
{
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    private readonly string _rig;
    private readonly RigSettings _settings;
    private RigState _state;
    private SyncChildren? _children;
    private RigSyncSettings? _sync;
    private bool _starting;

    public RigSyncActor(string rig, RigSettings settings, RigState state)
    {
        _rig = rig;
        _settings = settings;
        _state = state;

        Receive<RigChanged>(OnChange);
        Receive<SyncRig>(RunSync);
        Receive<SetRigConfig>(ChangeSetting);
        Receive<GetRigConfig>(_ => LoadSettings(Sender));
        Receive<GetStats>(AnswerStats);
        Receive<FlushBeforeStop>(_ => FlushBeforeStopping());
        Receive<SettingsLoaded>(OnSettingsLoaded);
        Receive<ReloadSettings>(reload => LoadSettings(reload.ReplyTo));
        // An auto-import is a change to the rig: the rig answers the child itself.
        Receive<ImportIssues>(import => Context.Parent.Forward(import));
        Receive<FileImported>(imported => _children?.Flush.Tell(imported));
    }

    public static Props Props(string rig, RigSettings settings, RigState state) =>
        Akka.Actor.Props.Create(() => new RigSyncActor(rig, settings, state));

    protected override void PreStart() => StartIfMay();

    /// <summary>A failing sync child fails the rig, as it did when they were the rig's own children: the rig restarts from its journal.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

    private void OnChange(RigChanged change)
    {
        _state = change.State;
        if (_children is null)
        {
            // The children start from the state they are given, so changes before that need no telling.
            StartIfMay();
            return;
        }
        _children.Flush.Tell(change);
        _children.AutoImport.Tell(change);
    }

    /// <summary>Reads the settings (beside the mailbox) once the children may start; they start when the settings arrive.</summary>
    private void StartIfMay()
    {
        if (_starting || !MayStartChildren) return;
        _starting = true;
        LoadSettings(replyTo: null);
    }

    /// <summary>Whether the sync children may start now: they are not running, and this node may touch the folder.</summary>
    private bool MayStartChildren => _children is null && !IsAwayFromHome;

    private void LoadSettings(IActorRef? replyTo)
    {
        var (settings, home, self) = (_settings, _state.HomeDirectory, Self);
        Task.Run(() => self.Tell(new SettingsLoaded(settings.SyncSettingsFor(home), replyTo)));
    }

    private void OnSettingsLoaded(SettingsLoaded loaded)
    {
        if (AtHome) Context.Parent.Tell(new SyncSettingsRead(loaded.Settings));
        var settings = AtHome ? loaded.Settings : AsRecorded(loaded.Settings);
        _sync = settings;
        if (_children is not null)
        {
            var changed = new SyncSettingsChanged(settings);
            _children.Flush.Tell(changed);
            _children.AutoImport.Tell(changed);
            _children.Export.Tell(changed);
        }
        else if (MayStartChildren) _children = StartChildren(settings);
        loaded.ReplyTo?.Tell(RigConfigView.Of(_state, settings));
    }

    private SyncChildren StartChildren(RigSyncSettings settings)
    {
        var (home, dispatcher) = (_state.HomeDirectory, _settings.SyncDispatcher);
        var file = JsonlFile.In(home);
        var autoImport = Context.ActorOf(AutoImportActor.Props(_rig, file, _state, settings, dispatcher), "auto-import");
        var flush = Context.ActorOf(FlushActor.Props(_rig, file, _state, settings, dispatcher, autoImport), "flush");
        var export = Context.ActorOf(ExportActor.Props(_rig, home, flush, settings, _settings.Dolt, dispatcher), "export");
        return new SyncChildren(flush, autoImport, export);
    }

    /// <summary>
    /// Whether this node must not touch the rig's folder: its home node is another (that node is down, so the rig runs
    /// here for now) and the rig writes a JSONL there. The rig keeps taking writes from the journal; the JSONL catches
    /// up when the rig moves home.
    /// </summary>
    private bool IsAwayFromHome => !AtHome && (_state.RecordedSync is null || AsRecorded(RigSyncSettings.Default).WritesJsonl);

    private string AwayFromHome =>
        $"rig {_rig} runs on node {_settings.NodeName} while its home node {_state.HomeNode}, which holds {_state.HomeDirectory}, " +
        "is away: its JSONL flush and sync are pending until that node returns (the issues are safe in the journal)";

    /// <summary>Whether this node can reach the rig's folder: it is the home node, or the folder is on a shared path.</summary>
    private bool AtHome => _state.HomeNode is not { } home || home == _settings.NodeName || OnSharedPath(_state.HomeDirectory);

    /// <summary>Away from home (where config.yaml cannot be read): the defaults, with the sync mode last recorded at home.</summary>
    private RigSyncSettings AsRecorded(RigSyncSettings settings) =>
        _state.RecordedSync is { } recorded
            ? settings with { Mode = SyncModes.Parse(recorded.Mode) ?? settings.Mode, NoJsonlExport = recorded.NoJsonlExport }
            : settings;

    private bool OnSharedPath(string home) =>
        _settings.SharedHomePaths.Any(shared =>
            Path.GetFullPath(home).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(shared)) + Path.DirectorySeparatorChar,
                StringComparison.Ordinal));

    /// <summary>bd sync: answered by the export child once the cycle is done, or by the flush child for --flush-only.</summary>
    private void RunSync(SyncRig sync)
    {
        if (IsAwayFromHome)
        {
            Sender.Tell(new Rejected(ErrorCodes.InvalidState, AwayFromHome));
            return;
        }
        if (_children is null || _sync is null)
        {
            Sender.Tell(new Rejected(ErrorCodes.InvalidState, $"rig {_rig} is still starting its sync: retry in a moment"));
            return;
        }
        if (!sync.FlushOnly)
        {
            _children.Export.Forward(new SyncNow());
            return;
        }
        var mode = _sync.Mode.Name();
        _children.Flush.Ask<Flushed>(FlushNow.Instance, FlushTimeout).PipeTo(Sender,
            success: flushed => new SyncResult(mode, flushed.Describe(), "not run (--flush-only)", "not run (--flush-only)",
                flushed.Took.TotalMilliseconds)
            {
                Error = flushed.Failed ? flushed.NotWritten : null,
            },
            failure: e => new Rejected(ErrorCodes.StorageUnavailable,
                $"rig {_rig}: the flush did not answer ({e.GetBaseException().Message}); check `bd stats` and retry"));
    }

    /// <summary>bd stats: the rig's own summary plus the children's figures, gathered beside the mailbox.</summary>
    private void AnswerStats(GetStats query)
    {
        var (state, now, sync, children) = (_state, _settings.Clock.GetUtcNow(), _sync, _children);
        var away = IsAwayFromHome ? AwayFromHome : null;
        Task.Run(async () =>
        {
            var stats = (StatsResult)RigQueries.Answer(state, query, now);
            if (away is not null)
                return stats with { Sync = new RigSyncStats("pending", JsonlFile.In(state.HomeDirectory).Path) { LastError = away } };
            if (children is null || sync is null) return stats;
            try
            {
                return stats with { Sync = await SyncStatistics.Gather(children, sync, ChildTimeout) };
            }
            catch (AskTimeoutException)
            {
                return stats; // beads' summary still answers while a child is too busy to
            }
        }).PipeTo(Sender);
    }

    /// <summary>bd config set of a sync setting: checked here, written to the rig's config.yaml beside the mailbox.</summary>
    private void ChangeSetting(SetRigConfig set)
    {
        var sender = Sender;
        var setting = SyncSetting.Find(set.Key)!;
        if (IsAwayFromHome)
        {
            // config.yaml lives in the rig's folder, on its home node's machine.
            sender.Tell(new Rejected(ErrorCodes.InvalidState, AwayFromHome));
            return;
        }
        // An empty value is bd config unset: the key leaves config.yaml, and the setting is its default again.
        var unset = set.Value.Trim().Length == 0;
        string? canonical = null;
        if (!unset)
        {
            if (setting.Apply(RigSyncSettings.Default, set.Value) is not { } applied)
            {
                sender.Tell(new Rejected(ErrorCodes.InvalidArgument, setting.Invalid(set.Value)));
                return;
            }
            canonical = setting.Show(applied);
        }
        var path = BeadsFolder.ConfigIn(_state.HomeDirectory);
        var self = Self;
        Task.Run(() =>
        {
            try
            {
                if (canonical is null) RigConfigYaml.Remove(path, setting.Key);
                else RigConfigYaml.Write(path, setting.Key, canonical);
                self.Tell(new ReloadSettings(sender));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                sender.Tell(new Rejected(ErrorCodes.StorageUnavailable,
                    $"could not write {setting.Key} to {path}: {e.Message}; check that the folder is writable"));
            }
        });
    }

    /// <summary>A rig that stops (passivation, hand-off, shutdown) first flushes what its file still lacks.</summary>
    private void FlushBeforeStopping()
    {
        if (_children is null || _sync is not { WritesJsonl: true, NoAutoFlush: false })
        {
            Sender.Tell(ReadyToStop.Instance);
            return;
        }
        _children.Flush.Ask<Flushed>(FlushNow.Instance, FlushTimeout).ContinueWith(_ => ReadyToStop.Instance).PipeTo(Sender);
    }

    private sealed record SettingsLoaded(RigSyncSettings Settings, IActorRef? ReplyTo);

    private sealed record ReloadSettings(IActorRef ReplyTo);
}

/// <summary>The rig is about to stop: flush what the file lacks, then answer <see cref="ReadyToStop"/>.</summary>
public sealed record FlushBeforeStop
{
    public static readonly FlushBeforeStop Instance = new();
}

/// <summary>The flush before stopping is done (or gave up, or there was none to make).</summary>
public sealed record ReadyToStop
{
    public static readonly ReadyToStop Instance = new();
}

/// <summary>
/// The sync settings as read at the rig's home: the rig records their mode in its journal when it changed, for the day
/// it runs away from home, and tells the registry whether the rig needs its home node.
/// </summary>
public sealed record SyncSettingsRead(RigSyncSettings Settings) : INotInfluenceReceiveTimeout;
