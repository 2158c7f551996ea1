using System.Collections.Immutable;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Protocol;

namespace Beads.Actors.Sync;

// Messages between a rig and its sync children (flush, auto-import, export). They never leave the node (the children live beside their
// rig), so they are plain records, never serialised: a RigState travels by reference, for free.

/// <summary>A durable change: the rig's state after it and the issues it touched.</summary>
/// <param name="AutoFlush">False when the command said --no-auto-flush: the change waits for the next flush made for another reason.</param>
public sealed record RigChanged(RigState State, ImmutableArray<string> IssueIds, bool AutoFlush);

/// <summary>The rig's sync settings changed (bd config set, or the rig started and read them).</summary>
public sealed record SyncSettingsChanged(RigSyncSettings Settings);

/// <summary>Write the whole JSONL now, from the latest state the flush child has (changed lines re-serialised, the rest cached).</summary>
public sealed record FlushNow
{
    public static readonly FlushNow Instance = new();
}

/// <summary>
/// What a flush did: how many issues the file holds and how many lines were re-serialised, how long it took; or, when
/// it wrote nothing, why (<see cref="NotWritten"/>), and whether that was a failure rather than a setting.
/// </summary>
public sealed record Flushed(string Path, int Issues, int Reserialised, TimeSpan Took)
{
    public string? NotWritten { get; init; }
    public bool Failed { get; init; }

    public string Describe() =>
        NotWritten ?? $"wrote {Issues} issues to {Path} ({Reserialised} re-serialised) in {Took.TotalMilliseconds:0.#} ms";
}

/// <summary>Run the whole sync cycle now (bd sync) and answer the sender with a <see cref="SyncResult"/>.</summary>
public sealed record SyncNow;

/// <summary>Asks a flush or export child for its figures, for bd stats.</summary>
public sealed record GetSyncStatus
{
    public static readonly GetSyncStatus Instance = new();
}

/// <summary>The flush child's figures.</summary>
public sealed record FlushStatus(
    string Path, int Flushes, TimeSpan? LastFlushTook, DateTimeOffset? LastFlushAt, int DirtyIssues, string? LastError,
    DateTimeOffset? LastErrorAt);

/// <summary>The auto-import child's figures.</summary>
public sealed record ImportStatus(int AutoImports, string? LastError, DateTimeOffset? LastErrorAt);

/// <summary>An issue's line as the flush child last serialised it, with the immutable issue it came from.</summary>
public sealed record IssueLine(Issue Issue, JsonlLine Line);

/// <summary>
/// From the flush child to the auto-import child: the file now holds exactly these lines, with this content hash and
/// modification stamp, because the flush wrote them or found them there at start. A file with this hash is Beads' own
/// output and is never imported; the lines let an import skip those it would find unchanged.
/// </summary>
public sealed record JsonlWritten(byte[] Hash, FileStamp? Stamp, ImmutableSortedDictionary<string, IssueLine> Lines);

/// <summary>
/// From the flush child to the auto-import child, before the file it wrote replaces the old one: content with this
/// hash is about to appear and is Beads' own, even if a check reads it before <see cref="JsonlWritten"/> arrives (a
/// flush thread held up between the rename and its message would otherwise let two checks see a "stable" new file).
/// </summary>
public sealed record JsonlWriting(byte[] Hash);

/// <summary>
/// From the flush child at start, when auto-import is on: the file differs from the rig (changes made while the rig was
/// away, or a crash before a flush). The auto-import child imports this content, then answers <see cref="FileImported"/>.
/// </summary>
public sealed record ImportAtStart(byte[] Content, byte[] Hash, ImmutableSortedDictionary<string, IssueLine> Lines);

/// <summary>The auto-import child imported the file, which may still differ from the rig: the flush writes the rig's version back.</summary>
public sealed record FileImported
{
    public static readonly FileImported Instance = new();
}

/// <summary>The export child's figures.</summary>
public sealed record ExportStatus(
    int Exports, TimeSpan? LastExportTook, DateTimeOffset? LastExportAt, string? LastOutcome, string? LastError,
    DateTimeOffset? LastErrorAt);

/// <summary>The rig's home folder holds no <c>.beads/</c>: nothing is written there until <c>bd init</c> makes it.</summary>
public static class HomeProblems
{
    public static string NoBeadsFolder(string folder) =>
        $"{folder} does not exist: run `bd init` in the rig's home to create it; issues.jsonl is not written until then";
}

