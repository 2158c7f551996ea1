using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Beads.Protocol;

namespace Beads.Cli.Output;

// What bd's commands answer, other than issues (whose shape, beads' field order and omitempty rules, IssueJsonWriter
// writes; see ListOutput): one record per answer, its JSON rendered by one source-generated context (AOT-safe) and
// its text by the record itself, so that a command builds its answer and prints nothing by hand. Property order is
// the JSON's order; null is left out; what only the text shows is [JsonIgnore].

/// <summary>bd init.</summary>
public sealed record InitOutput(string Rig, string Prefix, string? Path, int IssueCount, int SchemaVersion) : RecordOutput<InitOutput>
{
    public override void WriteText(TextWriter text)
    {
        text.WriteLine($"{Terminal.Green("✓")} bd initialized successfully!");
        text.WriteLine($"  Rig: {Rig}");
        text.WriteLine($"  Issue prefix: {Prefix}");
        text.WriteLine($"  Issues will be named: {Prefix}-<hash> (e.g. {Prefix}-a3f2)");
        text.WriteLine($"  Folder: {Path}");
        text.WriteLine("  Create an issue: bd create \"First task\" -p 1");
    }
}

/// <summary>bd config get/set: one setting; an unset value is printed as null, not left out.</summary>
/// <param name="Changed">bd config set: the text confirms the change and says when the host's environment overrides it.</param>
public sealed record SettingOutput(
    string Key, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Value, string? Source,
    [property: JsonIgnore] bool Changed = false) : RecordOutput<SettingOutput>
{
    public static SettingOutput Of(string key, RigSetting? setting, bool changed = false) =>
        new(key, setting is { Value.Length: > 0 } ? setting.Value : null, setting?.Source, changed);

    public override void WriteText(TextWriter text)
    {
        if (!Changed)
        {
            if (Value is not null) text.WriteLine(Value); // bd config get says on stderr that it is not set
            return;
        }
        text.WriteLine($"Set {Key} = {Value}");
        if (Source?.StartsWith("environment", StringComparison.Ordinal) == true)
            text.WriteLine($"  {Terminal.Yellow("note:")} the host's {Source} wins over this rig's setting");
    }
}

/// <summary>bd config unset.</summary>
public sealed record UnsetOutput(string Key) : RecordOutput<UnsetOutput>
{
    public override void WriteText(TextWriter text) => text.WriteLine($"Unset {Key}");
}

/// <summary>bd config list: JSON maps each key to its value; the text adds where each came from, and what was ignored.</summary>
public sealed class SettingsOutput(RigConfigResult config) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json) =>
        JsonSerializer.Serialize(json, config.Settings.ToDictionary(setting => setting.Key, setting => setting.Value),
            OutputJsonContext.Info<IReadOnlyDictionary<string, string>>());

    public void WriteText(TextWriter text)
    {
        var width = config.Settings.Max(s => s.Key.Length + s.Value.Length) + 3;
        foreach (var setting in config.Settings)
        {
            var shown = $"{setting.Key} = {setting.Value}";
            text.WriteLine($"{shown}{new string(' ', width - shown.Length)}  {Terminal.Dim(setting.Source)}");
        }
        foreach (var problem in config.Problems) text.WriteLine($"{Terminal.Yellow("ignored:")} {problem}");
    }
}

/// <summary>bd where.</summary>
public sealed record WhereOutput(
    string Rig, string Prefix, string Home, string? Config, string Host, string DataDirectory, string Storage,
    [property: JsonIgnore] int IssueCount, [property: JsonIgnore] int ProcessId) : RecordOutput<WhereOutput>
{
    public override void WriteText(TextWriter text)
    {
        text.WriteLine($"Rig:     {Rig} (prefix {Prefix}, {IssueCount} issues)");
        text.WriteLine($"Home:    {Home}");
        if (Config is not null) text.WriteLine($"Config:  {Config}");
        text.WriteLine($"Host:    {Host} (pid {ProcessId})");
        text.WriteLine($"Storage: {Storage}");
    }
}

/// <summary>
/// bd info, in beads' shape (beads-mcp reads it): where the data is, how bd reaches it ("host": through the Beads
/// host, where beads says "direct" or "daemon"), the rig's issue count and settings; with --schema, its tables.
/// </summary>
public sealed record InfoOutput(string DatabasePath, string Mode, int IssueCount, IReadOnlyDictionary<string, string> Config, SchemaInfoOutput? Schema)
    : RecordOutput<InfoOutput>
{
    public override void WriteText(TextWriter text)
    {
        text.WriteLine($"Database: {DatabasePath}");
        text.WriteLine($"Mode: {Mode}");
        text.WriteLine();
        text.WriteLine($"Issue Count: {IssueCount}");
        if (Schema is null) return;
        text.WriteLine();
        text.WriteLine("Schema:");
        text.WriteLine($"  Tables: {string.Join(", ", Schema.Tables)}");
        text.WriteLine($"  Schema Version: {Schema.SchemaVersion}");
        text.WriteLine($"  Detected Prefix: {Schema.DetectedPrefix}");
        text.WriteLine($"  Sample Issues: {string.Join(", ", Schema.SampleIssueIds)}");
    }
}

/// <summary>
/// bd migrate: the Beads host brings its store to the schema it writes when it starts, so there is nothing left for bd
/// to migrate; --inspect answers in beads' shape (beads-mcp reads it) with the state as it is.
/// </summary>
public sealed record MigrateOutput(
    IReadOnlyList<string> RegisteredMigrations, MigrationStateOutput CurrentState, IReadOnlyList<string> Warnings,
    IReadOnlyList<string> InvariantsToCheck) : RecordOutput<MigrateOutput>
{
    public override void WriteText(TextWriter text) =>
        text.WriteLine($"{Terminal.Green("✓")} Nothing to migrate: the Beads host keeps the store at schema version " +
                       $"{CurrentState.SchemaVersion} (it migrates when it starts); {CurrentState.IssueCount} issues");
}

public sealed record MigrationStateOutput(
    string SchemaVersion, int IssueCount, IReadOnlyDictionary<string, string> Config, IReadOnlyList<string> MissingConfig, bool DbExists);

public sealed record SchemaInfoOutput(
    IReadOnlyList<string> Tables, string SchemaVersion, IReadOnlyDictionary<string, string> Config, IReadOnlyList<string> SampleIssueIds,
    string DetectedPrefix);

/// <summary>bd version: beads' "bd version X.Y.Z (build)", which tools parse to check what they talk to.</summary>
public sealed record VersionOutput(string Version, string Build, string? HostVersion, [property: JsonIgnore] string Endpoint)
    : RecordOutput<VersionOutput>
{
    /// <summary>An informational version, <c>1.0.0+commit</c>, as its version and its build.</summary>
    public static VersionOutput Of(string informational, string? hostVersion, string endpoint)
    {
        var plus = informational.IndexOf('+');
        return plus < 0
            ? new(informational, "dev", hostVersion, endpoint)
            : new(informational[..plus], informational[(plus + 1)..], hostVersion, endpoint);
    }

    public override void WriteText(TextWriter text)
    {
        text.WriteLine($"bd version {Version} ({Build})");
        text.WriteLine(HostVersion is null ? $"host: not running on {Endpoint}" : $"host {HostVersion} on {Endpoint}");
    }
}

/// <summary>bd export -o: JSON names the file in full, the text as it was given.</summary>
public sealed record ExportOutput(int Exported, string Path, [property: JsonIgnore] string AsGiven) : RecordOutput<ExportOutput>
{
    public override void WriteText(TextWriter text) => text.WriteLine($"{Terminal.Green("✓")} Exported {Exported} issues to {AsGiven}");
}

/// <summary>bd import.</summary>
public sealed record ImportOutput(
    int Created, int Updated, int Unchanged, int Skipped, IReadOnlyList<string> SkippedIds, IReadOnlyList<BadLineOutput> BadLines,
    int OtherRecords, bool DryRun, [property: JsonIgnore] string File) : RecordOutput<ImportOutput>
{
    public static ImportOutput Of(string file, ImportResult result) => new(result.Created, result.Updated, result.Unchanged,
        result.Skipped, result.SkippedIds, [.. result.BadLines.Select(bad => new BadLineOutput(bad.LineNumber, bad.Reason))],
        result.OtherRecords, result.DryRun, file);

    public override void WriteText(TextWriter text)
    {
        var verb = DryRun ? "Would import" : "Imported";
        text.WriteLine($"{Terminal.Green("✓")} {verb} {File}: {Created} created, {Updated} updated, " +
                       $"{Unchanged} unchanged, {Skipped} kept as they are here (as new or newer)");
        foreach (var bad in BadLines) text.WriteLine($"  {Terminal.Yellow("skipped")} line {bad.Line}: {bad.Reason}");
        if (OtherRecords > 0) text.WriteLine($"  {OtherRecords} records of other kinds than issues (beads' _type) were left out");
    }
}

public sealed record BadLineOutput(int Line, string Reason);

/// <summary>bd sync.</summary>
public sealed record SyncOutput(string Mode, string Jsonl, string Git, string Dolt, double Milliseconds, string? Error) : RecordOutput<SyncOutput>
{
    public static SyncOutput Of(SyncResult result) =>
        new(result.Mode, result.Jsonl, result.Git, result.Dolt, Math.Round(result.Milliseconds, 1), result.Error);

    public override void WriteText(TextWriter text)
    {
        var mark = Error is null ? Terminal.Green("✓") : Terminal.Red("✗");
        text.WriteLine($"{mark} Sync ({Mode}) in {Milliseconds:0} ms");
        text.WriteLine($"  jsonl: {Jsonl}");
        text.WriteLine($"  git:   {Git}");
        text.WriteLine($"  dolt:  {Dolt}");
    }
}

/// <summary>
/// bd host start and stop: what became of the host (started, running, not_running, stopping, stopped), where, its
/// process; the text is the sentence that says so.
/// </summary>
public sealed record HostControlOutput(string Status, string Endpoint, int? Pid, [property: JsonIgnore] string Message)
    : RecordOutput<HostControlOutput>
{
    public override void WriteText(TextWriter text) => text.WriteLine(Message);
}

/// <summary>bd host status; <see cref="Unanswered"/> is left out when every node answered.</summary>
public sealed record HostStatusOutput(
    string Endpoint, IReadOnlyList<string>? Unanswered, string Node, string Leader, IReadOnlyList<MemberOutput> Members,
    IReadOnlyList<RigOutput> Rigs) : RecordOutput<HostStatusOutput>
{
    public override void WriteText(TextWriter text)
    {
        text.WriteLine($"Host: {Endpoint}, node {Node} (leader {Leader})");
        foreach (var unanswered in Unanswered ?? []) text.WriteLine($"  no answer first: {unanswered}");
        text.WriteLine(Terminal.Bold("Members"));
        foreach (var m in Members)
            text.WriteLine($"  {m.Address}  {m.Status}{(m.Roles.Count == 0 ? "" : $"  roles: {string.Join(",", m.Roles)}")}" +
                           $"{(m.Rigs.Count == 0 ? "" : $"  running: {string.Join(", ", m.Rigs)}")}");
        text.WriteLine(Terminal.Bold("Rigs"));
        if (Rigs.Count == 0) text.WriteLine("  none yet: run `bd init` in a project");
        foreach (var r in Rigs) text.WriteLine($"  {r.Name}  prefix {r.Prefix}  {r.HomeDirectory}");
    }
}

public sealed record MemberOutput(string Address, string Status, IReadOnlyList<string> Roles, IReadOnlyList<string> Rigs);

public sealed record RigOutput(string Name, string Prefix, string HomeDirectory);

/// <summary>bd stats: beads' summary as beads has it, then the rig's flush and export figures.</summary>
public sealed record StatsOutput(int SchemaVersion, RigStatistics Summary, SyncStatsOutput? Sync, [property: JsonIgnore] string Rig)
    : RecordOutput<StatsOutput>
{
    public override void WriteText(TextWriter text)
    {
        var s = Summary;
        text.WriteLine($"Rig: {Rig}");
        text.WriteLine($"Total Issues:  {s.TotalIssues}");
        text.WriteLine($"Open:          {s.OpenIssues}");
        text.WriteLine($"In Progress:   {s.InProgressIssues}");
        text.WriteLine($"Blocked:       {s.BlockedIssues}");
        text.WriteLine($"Deferred:      {s.DeferredIssues}");
        text.WriteLine($"Closed:        {s.ClosedIssues}");
        text.WriteLine($"Ready to Work: {s.ReadyIssues}");
        text.WriteLine($"Avg lead time: {s.AverageLeadTimeHours.ToString("0.##", CultureInfo.InvariantCulture)} h");
        Sync?.WriteText(text);
    }
}

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

    /// <summary>The flush and export figures, beside beads' summary (which stays exactly as beads prints it).</summary>
    public void WriteText(TextWriter text)
    {
        static string Ms(double? ms) => ms is { } value ? $"{value.ToString("0.#", CultureInfo.InvariantCulture)} ms" : "-";
        text.WriteLine();
        text.WriteLine(Terminal.Bold($"Sync ({Mode})"));
        text.WriteLine($"JSONL:         {JsonlPath}");
        text.WriteLine($"Flushes:       {Flushes} (last took {Ms(LastFlushMs)})");
        text.WriteLine($"Dirty issues:  {DirtyIssues}");
        text.WriteLine($"Auto-imports:  {AutoImports}");
        text.WriteLine($"Exports:       {Exports} (last took {Ms(LastExportMs)})");
        if (LastExportOutcome is { } outcome) text.WriteLine($"Last export:   {outcome}");
        if (LastError is { } error) text.WriteLine($"Last error:    {Terminal.Red(error)}{(LastErrorAt is { } at ? $" ({at})" : "")}");
    }
}

/// <summary>bd dep add/remove: the edge and what happened to it (a removed edge has no type).</summary>
public sealed record EdgeOutput(string DependsOnId, string IssueId, int SchemaVersion, string Status, string? Type) : RecordOutput<EdgeOutput>
{
    public override void WriteText(TextWriter text) => text.WriteLine(Type is null
        ? $"{Terminal.Green("✓")} Removed dependency: {IssueId} no longer depends on {DependsOnId}"
        : $"{Terminal.Green("✓")} Added dependency: {IssueId} depends on {DependsOnId} ({Type})");
}

/// <summary>bd label list-all: one label in use and how many issues carry it.</summary>
public sealed record LabelCountOutput(string Label, int Count);

/// <summary>bd label list-all: every label in use; JSON is the array of them.</summary>
public sealed class LabelCountsOutput(IReadOnlyList<LabelCountOutput> labels) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json) => JsonSerializer.Serialize(json, labels, OutputJsonContext.Info<IReadOnlyList<LabelCountOutput>>());

    public void WriteText(TextWriter text)
    {
        var width = labels.Count == 0 ? 0 : labels.Max(l => l.Label.Length);
        foreach (var l in labels) text.WriteLine($"{l.Label.PadRight(width)}  {l.Count}");
    }
}

/// <summary>bd label add/remove: one issue's label change.</summary>
public sealed record LabelChangeOutput(string IssueId, string Label, string Status);

/// <summary>bd label add/remove: the issues changed; JSON is the array of their changes.</summary>
public sealed class LabelChangesOutput(IReadOnlyList<LabelChangeOutput> changes) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json) => JsonSerializer.Serialize(json, changes, OutputJsonContext.Info<IReadOnlyList<LabelChangeOutput>>());

    public void WriteText(TextWriter text)
    {
        foreach (var change in changes)
        {
            var added = change.Status == "added";
            text.WriteLine($"{Terminal.Green("✓")} {(added ? "Added" : "Removed")} label '{change.Label}' {(added ? "to" : "from")} {change.IssueId}");
        }
    }
}

/// <summary>bd comments add: the comment in beads' shape, with the schema version.</summary>
public sealed class CommentAddedOutput(Comment comment) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json) =>
        IssueJsonWriter.WriteComment(json, comment, more => more.WriteNumber("schema_version", BeadsJson.SchemaVersion));

    public void WriteText(TextWriter text) => text.WriteLine($"{Terminal.Green("✓")} Comment added to {comment.IssueId} (comment {comment.Id})");
}

/// <summary>bd create: the new issue in beads' shape for create.</summary>
public sealed class CreatedOutput(Issue issue, bool dryRun) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json) => BeadsJson.CreatedIssue(json, issue);

    public void WriteText(TextWriter text)
    {
        text.WriteLine($"{Terminal.Green("✓")} {(dryRun ? "Would create" : "Created")} issue: {Terminal.Bold(issue.Id)} — {issue.Title}");
        text.WriteLine($"  Priority: {Terminal.Priority(issue.Priority)}");
        text.WriteLine($"  Status: {Terminal.Status(issue.Status)}");
    }
}

/// <summary>
/// show --refs and --children: for each issue, the issues whose links point at it (only its children with
/// --children), as beads' map of id to linked issues; the text groups them by the kind of link.
/// </summary>
public sealed class ReferencesOutput(IReadOnlyList<IssueDetails> issues, bool childrenOnly, bool shortLines) : ICliOutput
{
    private IEnumerable<(string Id, IReadOnlyList<RelatedIssue> Refs)> Refs() =>
        issues.Select(details => (details.Issue.Id, (IReadOnlyList<RelatedIssue>)
            [.. details.Dependents.Where(related => !childrenOnly || related.DependencyType == "parent-child")]));

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        foreach (var (id, refs) in Refs())
        {
            json.WritePropertyName(id);
            BeadsJson.Array(json, refs, BeadsJson.Related);
        }
        json.WriteEndObject();
    }

    public void WriteText(TextWriter text)
    {
        foreach (var (id, refs) in Refs())
        {
            if (refs.Count == 0)
            {
                text.WriteLine(childrenOnly ? $"{Terminal.Bold(id)}: No children found" : $"{Terminal.Bold(id)}: No references found");
                continue;
            }
            text.WriteLine(childrenOnly ? $"↳ Children of {id} ({refs.Count}):" : $"📎 References to {id}:");
            foreach (var group in refs.GroupBy(related => related.DependencyType))
            {
                if (!childrenOnly) text.WriteLine($"\n  {group.Key} ({group.Count()}):");
                foreach (var related in group)
                    text.WriteLine(shortLines
                        ? $"    {Terminal.ShortLine(related.Issue)}"
                        : $"    {related.Issue.Id}: {related.Issue.Title} [P{related.Issue.Priority} - {related.Issue.Status}]");
            }
            text.WriteLine();
        }
    }
}

/// <summary>
/// bd doctor: beads' doctor result (<c>path</c>, <c>checks</c>, <c>overall_ok</c>, <c>cli_version</c>, <c>timestamp</c>;
/// --check=validate without the last two); as text, each category's checks (only the ones that found something
/// unless <paramref name="every"/>) and the tally.
/// </summary>
public sealed class DoctorOutput(string path, IReadOnlyList<DoctorCheck> checks, bool ok, bool full, bool every) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("path", path);
        json.WriteStartArray("checks");
        foreach (var check in checks)
        {
            json.WriteStartObject();
            json.WriteString("name", check.Name);
            json.WriteString("status", check.Status);
            json.WriteString("message", check.Message);
            if (check.Detail is { } detail) json.WriteString("detail", detail);
            if (check.Fix is { } fix) json.WriteString("fix", fix);
            json.WriteString("category", check.Category);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("overall_ok", ok);
        if (full)
        {
            json.WriteString("cli_version", Commands.RigCommands.CliVersion);
            json.WriteString("timestamp", RfcTimestamp.Format(DateTimeOffset.UtcNow));
        }
        json.WriteEndObject();
    }

    public void WriteText(TextWriter text)
    {
        foreach (var category in checks.GroupBy(check => check.Category))
        {
            var shown = category.Where(check => every || check.Status != DoctorCheck.Ok).ToList();
            if (shown.Count == 0) continue;
            text.WriteLine();
            text.WriteLine(Terminal.Bold(category.Key));
            foreach (var check in shown)
            {
                var icon = check.Status switch
                {
                    DoctorCheck.Ok => Terminal.Green("✓"), DoctorCheck.Warning => Terminal.Yellow("⚠"), _ => Terminal.Red("✖"),
                };
                text.WriteLine($"  {icon}  {check.Name}: {check.Message}");
                if (check.Detail is { } detail) text.WriteLine($"     └ {detail}");
                if (check.Fix is { } fix) text.WriteLine($"     fix: {fix}");
            }
        }
        text.WriteLine();
        text.WriteLine($"✓ {checks.Count(c => c.Status == DoctorCheck.Ok)} passed  ⚠ {checks.Count(c => c.Status == DoctorCheck.Warning)} warnings  " +
                       $"✖ {checks.Count(c => c.Status == DoctorCheck.Error)} failed");
        if (ok) text.WriteLine(Terminal.Green("✓ All checks passed"));
    }
}

/// <summary>One issue after a change (assign, priority, tag): beads' issue object, and one line of text.</summary>
public sealed class ChangedIssueOutput(Issue issue, string line) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json) => BeadsJson.Issue(json, issue);

    public void WriteText(TextWriter text) => text.WriteLine($"{Terminal.Green("✓")} {line}");
}

/// <summary>bd count: beads' <c>{"count": N}</c>, or with a --by-* flag its total and groups.</summary>
public sealed class CountOutput(IssueCounts counts, bool grouped) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        if (!grouped)
        {
            json.WriteNumber("count", counts.Total);
            json.WriteEndObject();
            return;
        }
        json.WriteNumber("total", counts.Total);
        json.WriteStartArray("groups");
        foreach (var group in counts.Groups)
        {
            json.WriteStartObject();
            json.WriteString("group", group.Group);
            json.WriteNumber("count", group.Count);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void WriteText(TextWriter text)
    {
        if (!grouped)
        {
            text.WriteLine(counts.Total);
            return;
        }
        text.WriteLine($"Total: {counts.Total}");
        text.WriteLine();
        foreach (var group in counts.Groups) text.WriteLine($"{group.Group}: {group.Count}");
    }
}

/// <summary>bd stale: beads' numbered list, each issue with how many days it has gone untouched.</summary>
public sealed class StaleOutput(IReadOnlyList<IssueSummary> issues, int days, DateTimeOffset now) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json) => BeadsJson.Array(json, issues, BeadsJson.Summary);

    public void WriteText(TextWriter text)
    {
        if (issues.Count == 0)
        {
            text.WriteLine($"{Terminal.Green("✨")} No stale issues found (all active)");
            return;
        }
        text.WriteLine($"{Terminal.Yellow("⏰")} Stale issues ({issues.Count} not updated in {days}+ days):");
        text.WriteLine();
        for (var i = 0; i < issues.Count; i++)
        {
            var issue = issues[i].Issue;
            text.WriteLine($"{i + 1}. [{Terminal.Priority(issue.Priority)}] {Terminal.Bold(issue.Id)}: {issue.Title}");
            text.WriteLine($"   Status: {Terminal.Status(issue.Status)}, Last updated: {(int)(now - issue.UpdatedAt).TotalDays} days ago");
            if (issue.Assignee is { Length: > 0 } assignee) text.WriteLine($"   Assignee: {assignee}");
            text.WriteLine();
        }
    }
}

/// <summary>bd lint: beads' report, every missing section under its issue.</summary>
public sealed class LintOutput(LintReport report) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("total", report.Findings.Sum(finding => finding.Missing.Count));
        json.WriteNumber("issues", report.Findings.Count);
        json.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            json.WriteStartObject();
            json.WriteString("id", finding.Id);
            json.WriteString("title", finding.Title);
            json.WriteString("type", finding.Type);
            json.WritePropertyName("missing");
            BeadsJson.StringArray(json, finding.Missing);
            json.WriteNumber("warnings", finding.Missing.Count);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void WriteText(TextWriter text)
    {
        if (report.Findings.IsEmpty)
        {
            text.WriteLine($"{Terminal.Green("✓")} No template warnings found ({report.Checked} issues checked)");
            return;
        }
        text.WriteLine($"Template warnings ({report.Findings.Count} issues, {report.Findings.Sum(f => f.Missing.Count)} warnings):");
        text.WriteLine();
        foreach (var finding in report.Findings)
        {
            text.WriteLine($"{finding.Id} [{finding.Type}]: {finding.Title}");
            foreach (var section in finding.Missing) text.WriteLine($"  {Terminal.Yellow("⚠")} Missing: {section}");
            text.WriteLine();
        }
    }
}

/// <summary>bd epic status (and close-eligible's preview): beads' epic status objects, the epic in beads' issue shape.</summary>
/// <param name="wouldClose">close-eligible --dry-run: the text lists the epics that would close.</param>
public sealed class EpicStatusOutput(IReadOnlyList<EpicStatus> epics, string none, bool wouldClose = false) : ICliOutput
{
    public void WriteJson(Utf8JsonWriter json) => BeadsJson.Array(json, epics, (writer, status) =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("epic");
        BeadsJson.Issue(writer, status.Epic);
        writer.WriteNumber("total_children", status.TotalChildren);
        writer.WriteNumber("closed_children", status.ClosedChildren);
        writer.WriteBoolean("eligible_for_close", status.EligibleForClose);
        writer.WriteEndObject();
    });

    public void WriteText(TextWriter text)
    {
        if (epics.Count == 0)
        {
            text.WriteLine(none);
            return;
        }
        if (wouldClose)
        {
            text.WriteLine($"Would close {epics.Count} epic(s):");
            foreach (var status in epics) text.WriteLine($"  - {status.Epic.Id}: {status.Epic.Title}");
            return;
        }
        foreach (var status in epics)
        {
            var percent = status.ClosedChildren * 100 / status.TotalChildren;
            var mark = status.EligibleForClose ? Terminal.Green("✓") : percent > 0 ? Terminal.Yellow("○") : "○";
            text.WriteLine($"{mark} {Terminal.Cyan(status.Epic.Id)} {Terminal.Bold(status.Epic.Title)}");
            text.WriteLine($"   Progress: {status.ClosedChildren}/{status.TotalChildren} children closed ({percent}%)");
            if (status.EligibleForClose) text.WriteLine($"   {Terminal.Green("Eligible for closure")}");
            text.WriteLine();
        }
    }
}

/// <summary>bd epic close-eligible: the epics it closed.</summary>
public sealed record ClosedEpicsOutput(IReadOnlyList<string> Closed, int Count) : RecordOutput<ClosedEpicsOutput>
{
    public override void WriteText(TextWriter text)
    {
        text.WriteLine($"{Terminal.Green("✓")} Closed {Count} epic(s)");
        foreach (var id in Closed) text.WriteLine($"  - {id}");
    }
}

/// <summary>
/// bd delete. Done: beads' shapes, the one for a single issue (its id, the links removed, the references marked) or,
/// for several or a cascade, the batch one. A preview (no --force, or --dry-run) says what would go and how to go on.
/// </summary>
public sealed class DeletedOutput(DeleteResult result, IReadOnlyList<string> typedIds, bool cascade, bool dryRun) : ICliOutput
{
    private bool Single => result.Deleted.Count == 1 && !cascade;

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        if (result.Preview)
        {
            json.WriteBoolean("dry_run", true);
            json.WriteStartArray("would_delete");
            foreach (var issue in result.Deleted)
            {
                json.WriteStartObject();
                json.WriteString("id", issue.Id);
                json.WriteString("title", issue.Title);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("dependencies_removed", result.Links.Count);
            json.WriteNumber("labels_removed", result.LabelsRemoved);
        }
        else if (Single)
        {
            json.WriteString("deleted", result.Deleted[0].Id);
            json.WriteNumber("dependencies_removed", result.Links.Count);
            json.WriteNumber("references_updated", result.ReferencesUpdated);
        }
        else
        {
            json.WriteStartArray("deleted");
            foreach (var issue in result.Deleted) json.WriteStringValue(issue.Id);
            json.WriteEndArray();
            json.WriteNumber("deleted_count", result.Deleted.Count);
            json.WriteNumber("dependencies_removed", result.Links.Count);
            json.WriteNumber("labels_removed", result.LabelsRemoved);
            json.WriteNumber("references_updated", result.ReferencesUpdated);
        }
        json.WriteStartArray("orphaned_issues");
        foreach (var id in result.Orphaned) json.WriteStringValue(id);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void WriteText(TextWriter text)
    {
        if (result.Preview)
        {
            WritePreview(text);
            return;
        }
        text.WriteLine($"{Terminal.Green("✓")} Deleted {(Single ? result.Deleted[0].Id : $"{result.Deleted.Count} issue(s)")}");
        text.WriteLine($"  Removed {result.Links.Count} dependency link(s)");
        if (!Single) text.WriteLine($"  Removed {result.LabelsRemoved} label(s)");
        text.WriteLine($"  Updated text references in {result.ReferencesUpdated} issue(s)");
        if (result.Orphaned.Count > 0)
            text.WriteLine($"  {Terminal.Yellow("⚠")} Orphaned {result.Orphaned.Count} issue(s): {string.Join(", ", result.Orphaned)}");
    }

    private void WritePreview(TextWriter text)
    {
        text.WriteLine();
        text.WriteLine(Terminal.Red("⚠️  DELETE PREVIEW"));
        text.WriteLine();
        text.WriteLine(result.Deleted.Count == 1 ? "Issue to delete:" : $"Issues to delete ({result.Deleted.Count}):");
        foreach (var issue in result.Deleted) text.WriteLine($"  {issue.Id}: {issue.Title}");
        if (result.Links.Count > 0)
        {
            text.WriteLine();
            text.WriteLine($"Dependency links to remove: {result.Links.Count}");
            foreach (var link in result.Links) text.WriteLine($"  {link.IssueId} → {link.DependsOnId} ({link.Type})");
        }
        if (result.Orphaned.Count > 0)
        {
            text.WriteLine();
            text.WriteLine($"Would orphan: {result.Orphaned.Count} issue(s): {string.Join(", ", result.Orphaned)}");
        }
        text.WriteLine();
        if (dryRun)
        {
            text.WriteLine("(Dry-run mode - no changes made)");
            return;
        }
        text.WriteLine(Terminal.Yellow("This operation cannot be undone!"));
        text.WriteLine($"To proceed, run: bd delete {string.Join(" ", typedIds)}{(cascade ? " --cascade" : "")} --force");
    }
}

[JsonSerializable(typeof(IReadOnlyList<LabelCountOutput>))]
[JsonSerializable(typeof(IReadOnlyList<LabelChangeOutput>))]
[JsonSerializable(typeof(StatsOutput))]
[JsonSerializable(typeof(EdgeOutput))]
[JsonSerializable(typeof(InitOutput))]
[JsonSerializable(typeof(SettingOutput))]
[JsonSerializable(typeof(UnsetOutput))]
[JsonSerializable(typeof(WhereOutput))]
[JsonSerializable(typeof(VersionOutput))]
[JsonSerializable(typeof(ExportOutput))]
[JsonSerializable(typeof(ImportOutput))]
[JsonSerializable(typeof(SyncOutput))]
[JsonSerializable(typeof(HostStatusOutput))]
[JsonSerializable(typeof(HostControlOutput))]
[JsonSerializable(typeof(ClosedEpicsOutput))]
[JsonSerializable(typeof(InfoOutput))]
[JsonSerializable(typeof(MigrateOutput))]
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
