using System.Collections.Immutable;

namespace Beads.Protocol;

/// <summary>
/// beads' <c>bd sync</c>: write the JSONL now and, unless <see cref="FlushOnly"/>, run the whole sync cycle (full
/// export, git commit and push or Dolt commit and push, as the rig's sync.mode says). Answered once it is done.
/// </summary>
public sealed record SyncRig(string Rig, bool FlushOnly = false) : IRigMessage;

/// <summary>What a sync did. Each step says what it did or why it was skipped; <see cref="Error"/> is set when one failed.</summary>
public sealed record SyncResult(string Mode, string Jsonl, string Git, string Dolt, double Milliseconds) : IRigReply
{
    public string? Error { get; init; }
}

/// <summary>Every rig setting with its effective value and where that value came from.</summary>
public sealed record GetRigConfig(string Rig) : IRigQuery;

public sealed record RigSetting(string Key, string Value, string Source, string Description)
{
    /// <summary>The source of a key Beads does not use itself: kept and listed for the tools that read it.</summary>
    public const string OtherToolsSource = "rig (bd config set, kept for other tools)";

    public bool IsForOtherTools => Source == OtherToolsSource;
}

/// <summary>The settings, and the values that were given somewhere but ignored as invalid (with why and where).</summary>
public sealed record RigConfigResult(ImmutableList<RigSetting> Settings, ImmutableList<string> Problems) : IRigReply;

/// <summary>
/// One page of the rig's JSONL export: the issues after <see cref="AfterId"/> in id order, as beads' lines, up to about
/// <see cref="MaxBytes"/>. Paging keeps every message small, whatever the rig's size.
/// </summary>
public sealed record ExportIssues(string Rig, string? AfterId = null, int MaxBytes = ExportIssues.DefaultPageBytes) : IRigQuery
{
    public const int DefaultPageBytes = 64 * 1024;

    /// <summary>beads' <c>export --all</c>: wisps too, which an export leaves out otherwise.</summary>
    public bool IncludeEphemeral { get; init; }
}

/// <summary>Lines of beads' JSONL, each ending in a newline; <see cref="NextAfterId"/> is null on the last page.</summary>
public sealed record JsonlPage(string Lines, int Issues, string? NextAfterId, int TotalIssues) : IRigReply;

/// <summary>
/// Imports lines of beads' JSONL (a chunk of a file: <see cref="FirstLineNumber"/> numbers its first line). The rig
/// reads them as <c>bd import</c> does: a line that cannot be read is reported with its number and reason, and nothing
/// is imported from lines with bad ones unless <see cref="SkipBadLines"/>; <see cref="DryRun"/> only counts.
/// </summary>
public sealed record ImportJsonl(string Rig, string Actor, string Lines, int FirstLineNumber = 1) : IRigCommand
{
    /// <summary>
    /// Ids of issues in other pieces of the same file that these lines' dependencies name (bd sends a large file in
    /// pieces): an edge to one of them is not an edge to nothing.
    /// </summary>
    public ImmutableList<string> ElsewhereInFile { get; init; } = [];

    /// <summary>Moves issues of another prefix under the rig's own (beads' <c>--rename-on-import</c>) instead of refusing them.</summary>
    public bool RenamePrefix { get; init; }
    public bool DryRun { get; init; }
    public bool SkipBadLines { get; init; }
}

/// <summary>A JSONL line that holds no usable issue: its 1-based number in the file and what is wrong with it.</summary>
public sealed record BadJsonlLine(int LineNumber, string Reason);

/// <summary>The rig's flush and export figures, shown by bd stats beside beads' summary.</summary>
public sealed record RigSyncStats(string Mode, string JsonlPath)
{
    public int Flushes { get; init; }
    public double? LastFlushMilliseconds { get; init; }
    public DateTimeOffset? LastFlushAt { get; init; }
    public int DirtyIssues { get; init; }
    public int AutoImports { get; init; }
    public int Exports { get; init; }
    public double? LastExportMilliseconds { get; init; }
    public DateTimeOffset? LastExportAt { get; init; }
    public string? LastExportOutcome { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
}
