using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Beads.Actors.Logging;
using Akka.Event;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Protocol;

namespace Beads.Actors.Sync;

/// <summary>
/// Keeps a rig's <c>.beads/issues.jsonl</c> up to date, a child of the rig. It is the only part of Beads that writes
/// the file, and it also notices when someone else changed it (auto-import), so that "what Beads last wrote" is known
/// in one place and a change on disk can never be mistaken for Beads' own output, or the other way round.
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
    /// <summary>The actor that auto-imports are recorded under in the journal.</summary>
    public const string AutoImportActor = "beads-auto-import";

    private const string FlushTimer = "flush";
    private const string CheckTimer = "check";
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly string _rig;
    private readonly JsonlFile _file;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RigState _state;
    private RigSyncSettings _settings;

    /// <summary>
    /// Every issue's line as last serialised, in id order, with the issue object it came from. Issues are immutable, so
    /// an issue whose object is still the one in the rig's state needs no new line: a flush, even of the whole rig,
    /// re-serialises only the issues that changed, and it finds them itself, without trusting any list of changes.
    /// </summary>
    private readonly SortedDictionary<string, CachedLine> _lines = new(JsonlWriter.FileOrder);

    /// <summary>Whether the file held exactly the cached lines when it was last written or compared.</summary>
    private bool _fileHoldsLines;

    /// <summary>Issues changed since the last write, for bd stats; the lines themselves are found by <see cref="Serialise"/>.</summary>
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);

    private bool _automaticFlushDue;
    private long? _oldestDueAt;
    private bool _flushQueued;

    /// <summary>The content hash of what Beads last wrote or imported; a file with this hash is never imported.</summary>
    private byte[]? _lastHash;
    private byte[]? _refusedHash;
    private bool _importing;

    /// <summary>The file's modification time and length at the last check; a change there may be someone else's.</summary>
    private (DateTime WrittenAt, long Length)? _lastSeen;
    private bool _changedOnDisk;

    private int _flushes;
    private int _autoImports;
    private TimeSpan? _lastFlushTook;
    private DateTimeOffset? _lastFlushAt;
    private string? _lastError;
    private readonly OncePerCause _warnings = new();
    private DateTimeOffset? _lastErrorAt;

    public FlushActor(string rig, JsonlFile file, RigState state, RigSyncSettings settings)
    {
        _rig = rig;
        _file = file;
        _state = state;
        _settings = settings;
        Receive<RigChanged>(Changed);
        Receive<FlushDue>(_ => FlushWhenDue());
        Receive<FlushNow>(_ => Sender.Tell(Flush()));
        Receive<RigChangesDue>(_ => CatchUpWithTheRig());
        Receive<CheckDue>(_ => CheckForOutsideChanges());
        Receive<AutoImported>(Imported);
        Receive<SyncSettingsChanged>(changed => Reconfigure(changed.Settings));
        Receive<GetSyncStatus>(_ => Sender.Tell(new FlushStatus(_file.Path, _flushes, _lastFlushTook, _lastFlushAt,
            _dirty.Count, _autoImports, _lastError, _lastErrorAt)));
    }

    public static Props Props(string rig, JsonlFile file, RigState state, RigSyncSettings settings, string dispatcher) =>
        Akka.Actor.Props.Create(() => new FlushActor(rig, file, state, settings)).WithDispatcher(dispatcher);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        ScheduleChecks();
        Self.Tell(RigChangesDue.Instance);
    }

    private void Changed(RigChanged change)
    {
        _state = change.State;
        foreach (var id in change.IssueIds) _dirty.Add(id);
        if (change.AutoFlush) ScheduleAutomaticFlush();
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
    /// away (a git pull). Equal content needs nothing; otherwise the file is imported first when auto-import is on (the
    /// newer updated_at wins, so Beads' own older output changes nothing), then rewritten from the rig.
    /// </summary>
    private void CatchUpWithTheRig()
    {
        if (!_settings.WritesJsonl || !Directory.Exists(_file.Folder)) return;
        if (AtomicFile.RemoveLeftovers(_file.Path) is > 0 and var removed)
            _log.Info("rig {0}: removed {1} temporary file(s) that an interrupted write left beside {2}", _rig, removed, _file.Path);
        _lastSeen = Stamp();
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
                _lastHash = expected;
                _fileHoldsLines = true;
                return;
            }
            if (!_settings.NoAutoImport)
            {
                ImportWhenChanged((content, onDisk));
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
        if (reserialised == 0 && _fileHoldsLines && Stamp() == _lastSeen)
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
            _lastHash = _file.Write(Lines);
            _lastSeen = Stamp();
            _fileHoldsLines = true;
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
        _warnings.Recovered();
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
        var reserialised = 0;
        foreach (var issue in _state.Issues.Values)
        {
            if (_lines.TryGetValue(issue.Id, out var cached) && ReferenceEquals(cached.Issue, issue)) continue;
            _lines[issue.Id] = new CachedLine(issue, JsonlWriter.Serialize(issue));
            reserialised++;
            _fileHoldsLines = false;
        }
        if (_lines.Count != _state.Issues.Count)
        {
            foreach (var gone in _lines.Keys.Where(id => !_state.Issues.ContainsKey(id)).ToList())
            {
                _lines.Remove(gone);
                reserialised++;
                _fileHoldsLines = false;
            }
        }
        return reserialised;
    }

    /// <summary>
    /// Checks the file's modification time and length every auto-import-interval: cheap enough for any number of rigs,
    /// and unlike inotify it has no per-user limit and works on network folders. Beads' own writes update the stamp as
    /// they happen, so only someone else's write is seen as a change.
    /// </summary>
    private void ScheduleChecks()
    {
        if (_settings.NoAutoImport || !_settings.WritesJsonl)
            Timers.Cancel(CheckTimer);
        else
            Timers.StartPeriodicTimer(CheckTimer, CheckDue.Instance, _settings.AutoImportInterval);
    }

    /// <summary>A git pull or an editor may write the file in several steps: it is imported once a check finds it unchanged.</summary>
    private void CheckForOutsideChanges()
    {
        var seen = Stamp();
        if (seen != _lastSeen)
        {
            _lastSeen = seen;
            _changedOnDisk = true;
            _fileHoldsLines = false;
            return;
        }
        if (!_changedOnDisk) return;
        _changedOnDisk = false;
        ImportWhenChanged();
    }

    private (DateTime, long)? Stamp()
    {
        var file = new FileInfo(_file.Path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
    }

    /// <summary>
    /// Imports the file only when its content is neither what Beads last wrote nor what it last imported. beads lost
    /// fresh writes by re-importing its own older output over them (its issue #1623); here that output is recognised
    /// by its hash and left alone, and even a real import keeps the rig's copy of any issue it changed more recently.
    /// </summary>
    /// <param name="alreadyRead">The file's content and its hash when the caller has just read them, so they are not read twice.</param>
    private void ImportWhenChanged((byte[] Content, byte[] Hash)? alreadyRead = null)
    {
        if (_settings.NoAutoImport || !_settings.WritesJsonl) return;
        if (_importing)
        {
            _changedOnDisk = true; // looked at again by the next check
            return;
        }
        byte[] content, hash;
        if (alreadyRead is { } given)
            (content, hash) = given;
        else
        {
            try
            {
                content = File.ReadAllBytes(_file.Path);
            }
            catch (FileNotFoundException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Failed($"could not read {_file.Path} to import it: {e.Message}");
                return;
            }
            hash = JsonlFile.HashOf(content);
        }
        if (hash.SequenceEqual(_lastHash ?? []) || hash.SequenceEqual(_refusedHash ?? [])) return;
        var read = ReadChangedLines(content);
        if (!read.BadLines.IsEmpty)
        {
            _refusedHash = hash;
            Failed($"{_file.Path} changed on disk but {read.BadLines.Count} of its lines cannot be read ({read.BadLines[0]}); " +
                   "nothing was imported: fix the file, or import what can be read with `bd import --skip-bad-lines`");
            return;
        }
        _importing = true;
        Context.Parent.Ask<IRigReply>(new ImportIssues(_rig, AutoImportActor, read.Issues), ImportTimeout)
            .PipeTo(Self, success: reply => new AutoImported(hash, reply),
                failure: e => new AutoImported(hash, new Rejected(ErrorCodes.StorageUnavailable, e.GetBaseException().Message)));
    }

    /// <summary>
    /// The file's lines as the import needs them. A line that is byte for byte this child's line for the issue in the
    /// latest state it has from the rig is that very issue: the rig would only weigh it and find it unchanged, so it is
    /// neither parsed nor sent (after a git pull most lines are such). Every other line is read as before: other issues, other records, bad
    /// lines (with their numbers in the whole file), lines the rig has no issue for. Should an id come twice and one of
    /// its copies have been left out, the whole file is read, so that the copies are weighed against each other as before.
    /// </summary>
    private JsonlReadResult ReadChangedLines(byte[] content)
    {
        var unchanged = new HashSet<string>(StringComparer.Ordinal);
        var read = JsonlReader.Read(content, line =>
        {
            if (IdOfOwnLine(line.Span) is not { } id || !IsCurrentLine(id, line.Span)) return false;
            unchanged.Add(id);
            return true;
        });
        return unchanged.Count > 0 && read.Issues.Any(issue => unchanged.Contains(issue.Id)) ? JsonlReader.Read(content) : read;
    }

    /// <summary>Whether <paramref name="line"/> is the cached line of the issue <see cref="_state"/> holds under <paramref name="id"/>.</summary>
    private bool IsCurrentLine(string id, ReadOnlySpan<byte> line) =>
        _lines.TryGetValue(id, out var cached)
        && _state.Issues.TryGetValue(id, out var issue)
        && ReferenceEquals(cached.Issue, issue)
        && cached.Line.Utf8.Span.SequenceEqual(line);

    /// <summary>
    /// The id of a line that begins as Beads writes its lines, <c>{"id":"…"</c>; null for any other line, which is then
    /// read in full. Only a hint: a line is left out only when all its bytes equal the line cached under this id.
    /// </summary>
    private static string? IdOfOwnLine(ReadOnlySpan<byte> line)
    {
        var prefix = "{\"id\":\""u8;
        if (!line.StartsWith(prefix)) return null;
        var rest = line[prefix.Length..];
        var end = rest.IndexOfAny((byte)'"', (byte)'\\');
        return end > 0 && rest[end] == (byte)'"' ? Encoding.UTF8.GetString(rest[..end]) : null;
    }

    private void Imported(AutoImported imported)
    {
        _importing = false;
        if (imported.Reply is not ImportResult result)
        {
            Failed($"the auto-import of {_file.Path} failed: {(imported.Reply as Rejected)?.Message ?? imported.Reply.ToString()}");
            return;
        }
        _lastHash = imported.Hash;
        _autoImports++;
        _log.Info("rig {0}: imported {1} after it changed on disk: {2} created, {3} updated, {4} kept newer here",
            _rig, _file.Path, result.Created, result.Updated, result.Skipped);
        // The file may still differ from the rig: issues the rig changed more recently, lines removed by hand. A flush
        // writes the rig's version back.
        ScheduleAutomaticFlush();
    }

    private void Reconfigure(RigSyncSettings settings)
    {
        _settings = settings;
        ScheduleChecks();
        if (_automaticFlushDue) ScheduleAutomaticFlush();
    }

    private string Failed(string error)
    {
        _lastError = error;
        _lastErrorAt = DateTimeOffset.UtcNow;
        if (_warnings.IsNew(error)) _log.Warning("rig {0}: {1}", _rig, error);
        return error;
    }

    private sealed record FlushDue
    {
        public static readonly FlushDue Instance = new();
    }

    private sealed record RigChangesDue
    {
        public static readonly RigChangesDue Instance = new();
    }

    private sealed record CachedLine(Issue Issue, JsonlLine Line);

    private sealed record CheckDue
    {
        public static readonly CheckDue Instance = new();
    }

    private sealed record AutoImported(byte[] Hash, IRigReply Reply);
}
