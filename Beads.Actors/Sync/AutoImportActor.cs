using System.Collections.Immutable;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Protocol;

namespace Beads.Actors.Sync;

/// <summary>
/// Notices when someone else changed a rig's <c>.beads/issues.jsonl</c> (a git pull, an editor) and imports it, a
/// child of the rig's sync owner beside the flush child. It never takes Beads' own output for a change: the flush child
/// tells it the hash, stamp and lines of every file it writes (<see cref="JsonlWritten"/>), and a file with that hash is
/// never imported. beads lost fresh writes by re-importing its own older output over them (its issue #1623).
/// <para>
/// It checks the file's modification time and length every <c>auto-import-interval</c>, and imports once a check finds
/// it unchanged again, since a pull or an editor may write it in several steps. Cheap enough for any number of rigs,
/// and unlike inotify it has no per-user limit and works on network folders. An import goes to the rig as an ordinary
/// <see cref="ImportIssues"/>, so the newer updated_at wins and the rig keeps any issue it changed more recently.
/// </para>
/// </summary>
public sealed class AutoImportActor : ReceiveActor, IWithTimers
{
    /// <summary>The actor that auto-imports are recorded under in the journal.</summary>
    public const string RecordedAs = "beads-auto-import";

    private const string CheckTimer = "check";
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(2);

    private readonly string _rig;
    private readonly JsonlFile _file;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RigState _state;
    private RigSyncSettings _settings;

    /// <summary>The lines of the file as the flush child last wrote it, and the issues they came from.</summary>
    private ImmutableSortedDictionary<string, IssueLine> _written = ImmutableSortedDictionary<string, IssueLine>.Empty;

    /// <summary>The content hash of what Beads last wrote or imported; a file with this hash is never imported.</summary>
    private byte[]? _lastHash;

    /// <summary>The hash of the file the flush child is replacing the old one with (<see cref="JsonlWriting"/>), until it says it wrote it.</summary>
    private byte[]? _writingHash;
    private byte[]? _refusedHash;
    private bool _importing;

    /// <summary>The file's stamp at the last check or write; a change there may be someone else's.</summary>
    private FileStamp? _lastSeen;
    private bool _changedOnDisk;

    private int _autoImports;
    private readonly LastFailure _failure = new();

    public AutoImportActor(string rig, JsonlFile file, RigState state, RigSyncSettings settings)
    {
        _rig = rig;
        _file = file;
        _state = state;
        _settings = settings;
        Receive<RigChanged>(change => _state = change.State);
        Receive<JsonlWriting>(writing => _writingHash = writing.Hash);
        Receive<JsonlWritten>(Written);
        Receive<ImportAtStart>(start =>
        {
            _written = start.Lines;
            ImportWhenChanged((start.Content, start.Hash));
        });
        Receive<CheckDue>(_ => CheckForOutsideChanges());
        Receive<AutoImported>(Imported);
        Receive<SyncSettingsChanged>(changed =>
        {
            _settings = changed.Settings;
            ScheduleChecks();
        });
        Receive<GetSyncStatus>(_ => Sender.Tell(new ImportStatus(_autoImports, _failure.Message, _failure.At)));
    }

    public static Props Props(string rig, JsonlFile file, RigState state, RigSyncSettings settings, string dispatcher) =>
        Akka.Actor.Props.Create(() => new AutoImportActor(rig, file, state, settings)).WithDispatcher(dispatcher);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _lastSeen = FileStamp.Of(_file.Path);
        ScheduleChecks();
    }

    private bool Enabled => !_settings.NoAutoImport && _settings.WritesJsonl;

    private void ScheduleChecks()
    {
        if (Enabled)
            Timers.StartPeriodicTimer(CheckTimer, CheckDue.Instance, _settings.AutoImportInterval);
        else
            Timers.Cancel(CheckTimer);
    }

    /// <summary>
    /// The flush child's write: its stamp is Beads' own. A change a check saw just before this message arrived was that
    /// write; someone else's write after it has another stamp, which the next check sees.
    /// </summary>
    private void Written(JsonlWritten written)
    {
        _lastHash = written.Hash;
        _writingHash = null;
        _written = written.Lines;
        _lastSeen = written.Stamp;
        _changedOnDisk = false;
    }

    private void CheckForOutsideChanges()
    {
        var seen = FileStamp.Of(_file.Path);
        if (seen != _lastSeen)
        {
            _lastSeen = seen;
            _changedOnDisk = true;
            return;
        }
        if (!_changedOnDisk) return;
        _changedOnDisk = false;
        ImportWhenChanged();
    }

    /// <summary>Imports the file only when its content is neither what Beads last wrote nor what it last imported.</summary>
    /// <param name="alreadyRead">The file's content and its hash when the flush child has just read them, so they are not read twice.</param>
    private void ImportWhenChanged((byte[] Content, byte[] Hash)? alreadyRead = null)
    {
        if (!Enabled) return;
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
        if (hash.SequenceEqual(_lastHash ?? []) || hash.SequenceEqual(_writingHash ?? []) || hash.SequenceEqual(_refusedHash ?? [])) return;
        var read = ReadChangedLines(content);
        if (!read.BadLines.IsEmpty)
        {
            _refusedHash = hash;
            Failed($"{_file.Path} changed on disk but {read.BadLines.Count} of its lines cannot be read ({read.BadLines[0]}); " +
                   "nothing was imported: fix the file, or import what can be read with `bd import --skip-bad-lines`");
            return;
        }
        _importing = true;
        Context.Parent.Ask<IRigReply>(new ImportIssues(_rig, RecordedAs, read.Issues), ImportTimeout)
            .PipeTo(Self, success: reply => new AutoImported(hash, reply),
                failure: e => new AutoImported(hash, new Rejected(ErrorCodes.StorageUnavailable, e.GetBaseException().Message)));
    }

    /// <summary>
    /// The file's lines as the import needs them. A line that is byte for byte the flush child's line for the issue in
    /// the latest state this actor has from the rig is that very issue: the rig would only weigh it and find it
    /// unchanged, so it is neither parsed nor sent (after a git pull most lines are such). Every other line is read as
    /// before: other issues, other records, bad lines (with their numbers in the whole file), lines the rig has no issue
    /// for. Should an id come twice and one of its copies have been left out, the whole file is read, so that the copies
    /// are weighed against each other as before.
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

    /// <summary>Whether <paramref name="line"/> is the written line of the issue <see cref="_state"/> holds under <paramref name="id"/>.</summary>
    private bool IsCurrentLine(string id, ReadOnlySpan<byte> line) =>
        _written.TryGetValue(id, out var written)
        && _state.Issues.TryGetValue(id, out var issue)
        && ReferenceEquals(written.Issue, issue)
        && written.Line.Utf8.Span.SequenceEqual(line);

    /// <summary>
    /// The id of a line that begins as Beads writes its lines, <c>{"id":"…"</c>; null for any other line, which is then
    /// read in full. Only a hint: a line is left out only when all its bytes equal the line written under this id.
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
        _failure.Recovered();
        _log.Info("rig {0}: imported {1} after it changed on disk: {2} created, {3} updated, {4} kept newer here",
            _rig, _file.Path, result.Created, result.Updated, result.Skipped);
        // The file may still differ from the rig: issues the rig changed more recently, lines removed by hand.
        Context.Parent.Tell(FileImported.Instance);
    }

    private void Failed(string error)
    {
        if (_failure.Record(error, DateTimeOffset.UtcNow)) _log.Warning("rig {0}: {1}", _rig, error);
    }

    private sealed record CheckDue
    {
        public static readonly CheckDue Instance = new();
    }

    private sealed record AutoImported(byte[] Hash, IRigReply Reply);
}
