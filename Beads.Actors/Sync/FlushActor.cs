using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Protocol;

namespace Beads.Actors.Sync;

/// <summary>
/// Keeps a rig's <c>.beads/issues.jsonl</c> up to date, a child of the rig's sync owner. It is the only part of Beads
/// that writes the file, and it tells the auto-import child the hash, stamp and lines of every file it writes, so that
/// Beads' own output is never taken for someone else's change. It also rewrites <c>.beads/last-touched</c> (the id of
/// the issue changed last) soon after every change, long before the debounced flush: tools that watch the folder, such
/// as beads-ui, see a change within a second of any write, and no writer waits for it.
/// <para>
/// Changes arrive with the rig's immutable state after them; only changed issues are re-serialised, the other lines
/// come from a cache, and the whole file is replaced atomically. An automatic flush waits for <c>flush-debounce</c> of quiet, but
/// never longer than <c>flush-max-wait</c> after the first change it carries; realtime mode flushes at once, and
/// whatever arrived during a write goes into the next one. It runs on a dispatcher of its own, so its file I/O never
/// holds up the rig or anything else. Any other exception than the I/O failures it handles restarts it (Akka's default
/// supervision), which starts over from the rig's state and catches up with the file.
/// </para>
/// </summary>
public sealed class FlushActor : ReceiveActor, IWithTimers
{
    private const string FlushTimer = "flush";
    private const string TouchTimer = "touch";

    /// <summary>Soon enough that a folder watcher sees a change well within a second; a busy rig rewrites the file a few times a second at most.</summary>
    private static readonly TimeSpan TouchDelay = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly string _rig;
    private readonly JsonlFile _file;
    private readonly IActorRef _autoImport;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RigState _state;
    private RigSyncSettings _settings;

    /// <summary>
    /// Every issue's line as last serialised, in id order, with the issue object it came from. Issues are immutable, so
    /// an issue whose object is still the one in the rig's state needs no new line: a flush, even of the whole rig,
    /// re-serialises only the issues that changed, and it finds them itself, without trusting any list of changes.
    /// A builder, so that what a write held is handed to the auto-import child without a copy.
    /// </summary>
    private readonly ImmutableSortedDictionary<string, IssueLine>.Builder _lines =
        ImmutableSortedDictionary.CreateBuilder<string, IssueLine>(JsonlWriter.FileOrder);

    /// <summary>
    /// The rig state the cached lines were last brought up to: states are immutable, so while the rig's is still this
    /// one there is nothing to look for (an idle rig's periodic sync then costs no walk over its issues).
    /// </summary>
    private RigState? _linesOf;

    /// <summary>Whether the file held exactly the cached lines when it was last written or compared.</summary>
    private bool _fileHoldsLines;

    /// <summary>Issues changed since the last write, for bd stats; the lines themselves are found by <see cref="Serialise"/>.</summary>
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);

    private bool _automaticFlushDue;
    private long? _oldestDueAt;
    private bool _flushQueued;

    /// <summary>The file's stamp after the last write or comparison: when it differs, someone else wrote the file.</summary>
    private FileStamp? _lastSeen;

    /// <summary>The issue changed last, to write to last-touched; null once written.</summary>
    private string? _toTouch;

    private int _flushes;
    private TimeSpan? _lastFlushTook;
    private DateTimeOffset? _lastFlushAt;
    private readonly LastFailure _failure = new();

    /// <param name="autoImport">The auto-import child, told of every write; <see cref="ActorRefs.Nobody"/> when there is none.</param>
    public FlushActor(string rig, JsonlFile file, RigState state, RigSyncSettings settings, IActorRef autoImport)
    {
        _rig = rig;
        _file = file;
        _state = state;
        _settings = settings;
        _autoImport = autoImport;
        Receive<RigChanged>(Changed);
        Receive<FlushDue>(_ => FlushWhenDue());
        Receive<FlushNow>(_ => Sender.Tell(Flush()));
        Receive<RigChangesDue>(_ => CatchUpWithTheRig());
        Receive<FileImported>(_ => ScheduleAutomaticFlush());
        Receive<TouchDue>(_ => Touch());
        Receive<SyncSettingsChanged>(changed => Reconfigure(changed.Settings));
        Receive<GetSyncStatus>(_ => Sender.Tell(new FlushStatus(_file.Path, _flushes, _lastFlushTook, _lastFlushAt,
            _dirty.Count, _failure.Message, _failure.At)));
    }

    public static Props Props(string rig, JsonlFile file, RigState state, RigSyncSettings settings, string dispatcher,
        IActorRef autoImport) =>
        Akka.Actor.Props.Create(() => new FlushActor(rig, file, state, settings, autoImport)).WithDispatcher(dispatcher);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Self.Tell(RigChangesDue.Instance);

    private void Changed(RigChanged change)
    {
        _state = change.State;
        foreach (var id in change.IssueIds) _dirty.Add(id);
        if (change.AutoFlush) ScheduleAutomaticFlush();
        if (change.IssueIds.IsEmpty) return;
        _toTouch = change.IssueIds[^1];
        if (!Timers.IsTimerActive(TouchTimer)) Timers.StartSingleTimer(TouchTimer, TouchDue.Instance, TouchDelay);
    }

    /// <summary>A hint for watchers, not data: a failure to write it is left for the next change to retry.</summary>
    private void Touch()
    {
        if (_toTouch is not { } id || !Directory.Exists(_file.Folder)) return;
        try
        {
            File.WriteAllText(Path.Combine(_file.Folder, BeadsFolder.LastTouchedFileName), id + "\n");
            _toTouch = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Debug("rig {0}: could not write {1}: {2}", _rig, BeadsFolder.LastTouchedFileName, e.Message);
        }
    }

    private void ScheduleAutomaticFlush()
    {
        if (_settings.NoAutoFlush || !_settings.WritesJsonl) return;
        _automaticFlushDue = true;
        var now = Stopwatch.GetTimestamp();
        _oldestDueAt ??= now;
        if (_settings.FlushesAtOnce)
        {
            // Behind the changes already in the mailbox: they all go into this one write.
            if (!_flushQueued) Self.Tell(FlushDue.Instance);
            _flushQueued = true;
            return;
        }
        var untilMaxWait = _settings.FlushMaxWait - Stopwatch.GetElapsedTime(_oldestDueAt.Value, now);
        var delay = untilMaxWait < _settings.FlushDebounce ? untilMaxWait : _settings.FlushDebounce;
        Timers.StartSingleTimer(FlushTimer, FlushDue.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    private void FlushWhenDue()
    {
        _flushQueued = false;
        if (_automaticFlushDue) Flush();
    }

    /// <summary>
    /// After a start the file may be behind the rig (a crash before a flush) or hold changes made while the rig was
    /// away (a git pull). Equal content needs nothing; otherwise the auto-import child imports the file first when
    /// auto-import is on (the newer updated_at wins, so Beads' own older output changes nothing) and tells this actor
    /// <see cref="FileImported"/>, which rewrites it from the rig.
    /// </summary>
    private void CatchUpWithTheRig()
    {
        if (!_settings.WritesJsonl || !Directory.Exists(_file.Folder)) return;
        if (AtomicFile.RemoveLeftovers(_file.Path) is > 0 and var removed)
            _log.Info("rig {0}: removed {1} temporary file(s) that an interrupted write left beside {2}", _rig, removed, _file.Path);
        _lastSeen = FileStamp.Of(_file.Path);
        Serialise();
        var expected = JsonlFile.HashOf(Lines);
        if (File.Exists(_file.Path))
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(_file.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Failed($"could not read {_file.Path} to compare it with the rig: {e.Message}");
                return;
            }
            var onDisk = JsonlFile.HashOf(content);
            if (onDisk.SequenceEqual(expected))
            {
                _fileHoldsLines = true;
                _autoImport.Tell(new JsonlWritten(expected, _lastSeen, _lines.ToImmutable()));
                return;
            }
            if (!_settings.NoAutoImport)
            {
                _autoImport.Tell(new ImportAtStart(content, onDisk, _lines.ToImmutable()));
                return;
            }
        }
        if (!_settings.NoAutoFlush) Flush();
    }

    private IEnumerable<JsonlLine> Lines => _lines.Values.Select(cached => cached.Line);

    private Flushed Flush()
    {
        Timers.Cancel(FlushTimer);
        if (_settings.WhyNoJsonl is { } why) return NotWritten(why);
        if (!Directory.Exists(_file.Folder))
            return NotWritten(Failed(HomeProblems.NoBeadsFolder(_file.Folder)), failed: true);
        var watch = Stopwatch.StartNew();
        var reserialised = Serialise();
        if (reserialised == 0 && _fileHoldsLines && FileStamp.Of(_file.Path) == _lastSeen)
        {
            // Nothing changed on either side since the last write: an idle rig's periodic sync costs no disk write.
            _dirty.Clear();
            _automaticFlushDue = false;
            _oldestDueAt = null;
            return NotWritten($"already up to date: {_file.Path} holds the rig's {_lines.Count} issues");
        }
        try
        {
            _fileHoldsLines = false;
            var hash = _file.Write(Lines, writing => _autoImport.Tell(new JsonlWriting(writing)));
            _lastSeen = FileStamp.Of(_file.Path);
            _fileHoldsLines = true;
            _autoImport.Tell(new JsonlWritten(hash, _lastSeen, _lines.ToImmutable()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The old file is still whole (atomic replace); the lines stay ready for the retry.
            if (_automaticFlushDue) Timers.StartSingleTimer(FlushTimer, FlushDue.Instance, RetryAfterFailure);
            return NotWritten(Failed($"could not write {_file.Path}: {e.Message}"), failed: true);
        }
        _dirty.Clear();
        _automaticFlushDue = false;
        _oldestDueAt = null;
        _failure.Recovered();
        _flushes++;
        _lastFlushTook = watch.Elapsed;
        _lastFlushAt = DateTimeOffset.UtcNow;
        _log.Debug("rig {0}: wrote {1} issues to {2} ({3} re-serialised) in {4:0.#} ms", _rig, _lines.Count, _file.Path,
            reserialised, watch.Elapsed.TotalMilliseconds);
        return new Flushed(_file.Path, _lines.Count, reserialised, watch.Elapsed);
    }

    private Flushed NotWritten(string why, bool failed = false) =>
        new(_file.Path, _lines.Count, 0, TimeSpan.Zero) { NotWritten = why, Failed = failed };

    /// <summary>Brings every line up to the rig's state; the number of lines that changed (new, re-serialised or removed).</summary>
    private int Serialise()
    {
        if (ReferenceEquals(_linesOf, _state)) return 0;
        var reserialised = 0;
        foreach (var issue in _state.Issues.Values)
        {
            if (IssueFlags.IsEphemeral(issue)) continue; // wisps stay out of the file, as in beads
            if (_lines.TryGetValue(issue.Id, out var cached) && ReferenceEquals(cached.Issue, issue)) continue;
            _lines[issue.Id] = new IssueLine(issue, JsonlWriter.Serialize(issue));
            reserialised++;
            _fileHoldsLines = false;
        }
        if (_lines.Count != _state.Issues.Count)
        {
            foreach (var gone in _lines.Keys.Where(id => _state.Find(id) is not { } issue || IssueFlags.IsEphemeral(issue)).ToList())
            {
                _lines.Remove(gone);
                reserialised++;
                _fileHoldsLines = false;
            }
        }
        _linesOf = _state;
        return reserialised;
    }

    private void Reconfigure(RigSyncSettings settings)
    {
        _settings = settings;
        if (_automaticFlushDue) ScheduleAutomaticFlush();
    }

    private string Failed(string error)
    {
        if (_failure.Record(error, DateTimeOffset.UtcNow)) _log.Warning("rig {0}: {1}", _rig, error);
        return error;
    }

    private sealed record FlushDue
    {
        public static readonly FlushDue Instance = new();
    }

    private sealed record TouchDue
    {
        public static readonly TouchDue Instance = new();
    }

    private sealed record RigChangesDue
    {
        public static readonly RigChangesDue Instance = new();
    }

}
