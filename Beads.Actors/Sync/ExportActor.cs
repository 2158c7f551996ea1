using Beads.Actors.Dolt;
using Beads.Actors.Jsonl;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Beads.Protocol;

namespace Beads.Actors.Sync;

/// <summary>
/// A rig's periodic sync, a child of the rig: every <c>remote-sync-interval</c> (and on bd sync) the whole rig is
/// exported from its latest immutable state by the flush child, then committed as <c>sync.mode</c> says: to the rig's
/// git repository (git-portable, realtime), to Dolt (dolt-native, dolt-only), or both (belt-and-suspenders). The
/// slow part, git and Dolt, runs as a task beside this actor, so the actor answers status questions at once and a
/// sync never blocks the rig's reads or writes. One cycle runs at a time; requests during one get the next.
/// A periodic cycle whose JSONL is as git last committed it runs no git command at all: an idle rig costs no process
/// every interval (bd sync, asked for, always runs the whole cycle).
/// </summary>
public sealed class ExportActor : ReceiveActor, IWithTimers
{
    private const string SyncTimer = "sync";
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromMinutes(1);

    private readonly string _rig;
    private readonly string _homeDirectory;
    private readonly IActorRef _flush;
    /// <summary>Who Dolt commits made by a sync are by, as git-portable's commits are.</summary>
    private const string DoltAuthor = $"{GitSync.Author} <{GitSync.AuthorEmail}>";

    /// <summary>Dolt's conventional remote and branch; the push is skipped while the store has no such remote.</summary>
    private static readonly DoltRemote DoltOrigin = new("origin", "main");

    private readonly IDoltSync _dolt;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RigSyncSettings _settings;
    private bool _running;
    private List<IActorRef> _waitingForNextCycle = [];

    private int _exports;
    private TimeSpan? _lastTook;
    private DateTimeOffset? _lastAt;
    private string? _lastOutcome;

    /// <summary>The JSONL as the last cycle without an error committed it (or found it committed); null before one.</summary>
    private FileStamp? _committed;
    private readonly LastFailure _failure = new();

    public ExportActor(string rig, string homeDirectory, IActorRef flush, RigSyncSettings settings, IDoltSync dolt)
    {
        _rig = rig;
        _homeDirectory = homeDirectory;
        _flush = flush;
        _settings = settings;
        _dolt = dolt;
        Receive<SyncDue>(_ => Start([]));
        Receive<SyncNow>(_ => Start([Sender]));
        Receive<CycleDone>(Finished);
        Receive<SyncSettingsChanged>(changed =>
        {
            var intervalChanged = changed.Settings.RemoteSyncInterval != _settings.RemoteSyncInterval;
            _settings = changed.Settings;
            if (intervalChanged) Schedule();
        });
        Receive<GetSyncStatus>(_ => Sender.Tell(new ExportStatus(_exports, _lastTook, _lastAt, _lastOutcome, _failure.Message, _failure.At)));
    }

    public static Props Props(string rig, string homeDirectory, IActorRef flush, RigSyncSettings settings, IDoltSync dolt,
        string dispatcher) =>
        Akka.Actor.Props.Create(() => new ExportActor(rig, homeDirectory, flush, settings, dolt)).WithDispatcher(dispatcher);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Schedule();

    private void Schedule()
    {
        if (_settings.RemoteSyncInterval > TimeSpan.Zero)
            Timers.StartPeriodicTimer(SyncTimer, SyncDue.Instance, _settings.RemoteSyncInterval);
        else
            Timers.Cancel(SyncTimer);
    }

    private void Start(List<IActorRef> waiting)
    {
        if (_running)
        {
            // The running cycle may have exported before this request's writes: it gets a cycle of its own.
            _waitingForNextCycle.AddRange(waiting);
            return;
        }
        _running = true;
        var mode = _settings.Mode.Name();
        var periodic = waiting.Count == 0;
        Cycle(_settings, periodic ? _committed : null).PipeTo(Self, success: cycle => new CycleDone(cycle.Result, waiting, cycle.Committed),
            failure: e => new CycleDone(new SyncResult(mode, "not finished", "not finished", "not finished", 0)
            {
                Error = e.GetBaseException().Message,
            }, waiting, null));
    }

    /// <param name="committed">Skip git when the JSONL is still as this: it was committed, and nothing changed it since.</param>
    private async Task<(SyncResult Result, FileStamp? Committed)> Cycle(RigSyncSettings settings, FileStamp? committed)
    {
        var watch = Stopwatch.StartNew();
        var mode = settings.Mode;
        var errors = new List<string>();
        var jsonl = await Step(errors, async () =>
        {
            if (settings.WhyNoJsonl is { } why) return why;
            var flushed = await _flush.Ask<Flushed>(FlushNow.Instance, FlushTimeout);
            return flushed.Failed ? throw new IOException(flushed.Describe()) : flushed.Describe();
        });
        FileStamp? stamp = null;
        var git = !mode.CommitsToGit() ? $"sync.mode is {mode.Name()}: no git commit"
            : !settings.WritesJsonl || errors.Count > 0 ? "no JSONL written: no git commit"
            : (stamp = FileStamp.Of(Path.Combine(_homeDirectory, BeadsFolder.JsonlInHome))) is { } now && now == committed
                ? "the JSONL is as last committed: no git command run"
                : await Step(errors, () => GitSync.CommitAndPush(_homeDirectory, BeadsFolder.JsonlInHome,
                    $"beads: sync rig {_rig}", CancellationToken.None));
        var dolt = mode.CommitsToDolt()
            ? await Step(errors, async () => (await _dolt.CommitAndPush($"beads: sync rig {_rig}", DoltAuthor, DoltOrigin,
                CancellationToken.None)).Detail)
            : $"sync.mode is {mode.Name()}: no Dolt commit";
        return (new SyncResult(mode.Name(), jsonl, git, dolt, watch.Elapsed.TotalMilliseconds)
        {
            Error = errors.Count == 0 ? null : string.Join("; ", errors),
        }, errors.Count == 0 ? stamp : null);
    }

    /// <summary>Runs one step; a failure is recorded and described, and never stops the steps after it.</summary>
    private static async Task<string> Step(List<string> errors, Func<Task<string>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception e)
        {
            errors.Add(e.GetBaseException().Message);
            return $"failed: {e.GetBaseException().Message}";
        }
    }

    private void Finished(CycleDone done)
    {
        _running = false;
        _exports++;
        _lastTook = TimeSpan.FromMilliseconds(done.Result.Milliseconds);
        _lastAt = DateTimeOffset.UtcNow;
        _lastOutcome = $"jsonl: {done.Result.Jsonl}; git: {done.Result.Git}; dolt: {done.Result.Dolt}";
        _committed = done.Committed;
        if (done.Result.Error is not { } error) _failure.Recovered();
        else if (_failure.Record(error, _lastAt.Value)) _log.Warning("rig {0}: sync failed: {1}", _rig, error);
        foreach (var waiting in done.Waiting) waiting.Tell(done.Result);
        if (_waitingForNextCycle.Count == 0) return;
        var next = _waitingForNextCycle;
        _waitingForNextCycle = [];
        Start(next);
    }

    private sealed record SyncDue
    {
        public static readonly SyncDue Instance = new();
    }

    private sealed record CycleDone(SyncResult Result, List<IActorRef> Waiting, FileStamp? Committed);
}
