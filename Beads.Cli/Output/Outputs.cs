using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Beads.Protocol;

namespace Beads.Cli.Output;

// What bd's commands print with --json, other than issues (whose shape, beads' field order and omitempty rules,
// IssueJsonWriter writes): one record per answer, rendered by one source-generated context (AOT-safe), so that a
// command builds its answer and writes no JSON by hand. Property order is the output's order; null is left out.

/// <summary>bd init.</summary>
public sealed record InitOutput(string Rig, string Prefix, string? Path, int IssueCount, int SchemaVersion);

/// <summary>bd config get/set: one setting; an unset value is printed as null, not left out.</summary>
public sealed record SettingOutput(
    string Key, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Value, string? Source);

/// <summary>bd where.</summary>
public sealed record WhereOutput(string Rig, string Prefix, string Home, string? Config, string Host, string DataDirectory, string Storage);

/// <summary>bd version.</summary>
public sealed record VersionOutput(string Version, string? HostVersion);

/// <summary>bd export -o.</summary>
public sealed record ExportOutput(int Exported, string Path);

/// <summary>bd import.</summary>
public sealed record ImportOutput(
    int Created, int Updated, int Unchanged, int Skipped, IReadOnlyList<string> SkippedIds, IReadOnlyList<BadLineOutput> BadLines,
    int OtherRecords, bool DryRun);

public sealed record BadLineOutput(int Line, string Reason);

/// <summary>bd sync.</summary>
public sealed record SyncOutput(string Mode, string Jsonl, string Git, string Dolt, double Milliseconds, string? Error);

/// <summary>bd host status; <see cref="Unanswered"/> is left out when every node answered.</summary>
public sealed record HostStatusOutput(
    string Endpoint, IReadOnlyList<string>? Unanswered, string Node, string Leader, IReadOnlyList<MemberOutput> Members,
    IReadOnlyList<RigOutput> Rigs);

public sealed record MemberOutput(string Address, string Status, IReadOnlyList<string> Roles, IReadOnlyList<string> Rigs);

public sealed record RigOutput(string Name, string Prefix, string HomeDirectory);

/// <summary>bd stats: beads' summary as beads has it, then the rig's flush and export figures.</summary>
public sealed record StatsOutput(int SchemaVersion, RigStatistics Summary, SyncStatsOutput? Sync);

public sealed record SyncStatsOutput(
    string Mode, string JsonlPath, int Flushes, double? LastFlushMs, string? LastFlushAt, int DirtyIssues, int AutoImports, int Exports,
    double? LastExportMs, string? LastExportAt, string? LastExportOutcome, string? LastError, string? LastErrorAt)
{
    public static SyncStatsOutput Of(RigSyncStats sync) => new(
        sync.Mode, sync.JsonlPath, sync.Flushes, Rounded(sync.LastFlushMilliseconds), Stamp(sync.LastFlushAt), sync.DirtyIssues,
        sync.AutoImports, sync.Exports, Rounded(sync.LastExportMilliseconds), Stamp(sync.LastExportAt), sync.LastExportOutcome,
        sync.LastError, Stamp(sync.LastErrorAt));

    private static double? Rounded(double? milliseconds) => milliseconds is { } value ? Math.Round(value, 2) : null;

    private static string? Stamp(DateTimeOffset? at) => at is { } value ? RfcTimestamp.Format(value) : null;
}

/// <summary>bd dep add/remove: the edge and what happened to it.</summary>
public sealed record EdgeOutput(string DependsOnId, string IssueId, int SchemaVersion, string Status, string? Type);

/// <summary>bd label list-all: one label in use and how many issues carry it.</summary>
public sealed record LabelCountOutput(string Label, int Count);

/// <summary>bd label add/remove: one issue's label change.</summary>
public sealed record LabelChangeOutput(string IssueId, string Label, string Status);

[JsonSerializable(typeof(IReadOnlyList<LabelCountOutput>))]
[JsonSerializable(typeof(IReadOnlyList<LabelChangeOutput>))]
[JsonSerializable(typeof(StatsOutput))]
[JsonSerializable(typeof(EdgeOutput))]
[JsonSerializable(typeof(InitOutput))]
[JsonSerializable(typeof(SettingOutput))]
[JsonSerializable(typeof(WhereOutput))]
[JsonSerializable(typeof(VersionOutput))]
[JsonSerializable(typeof(ExportOutput))]
[JsonSerializable(typeof(ImportOutput))]
[JsonSerializable(typeof(SyncOutput))]
[JsonSerializable(typeof(HostStatusOutput))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class OutputJsonContext : JsonSerializerContext
{
    /// <summary>As BeadsJson writes issues: indented, snake_case, non-ASCII and &lt;&gt;&amp; as they are, null left out.</summary>
    public static OutputJsonContext Cli { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Cli.GetTypeInfo(typeof(T))!;
}
