using System.Collections.Immutable;
using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>
/// doctor: beads' checks of a rig's data (duplicates, orphaned links, test pollution, git conflicts) and ours of the
/// system under it: the host, the store and its schema, the rig registry against the folders on disk, the JSONL
/// against the journal, the SQL tables against the journal. <c>--fix</c> mends what is safe to mend.
/// </summary>
public static class DoctorCommands
{
    public static IEnumerable<Command> All() => [Doctor()];

    private const string System = "Core System", Data = "Data Integrity", Sync = "Sync";

    private static Command Doctor()
    {
        var fix = Flags.Switch("--fix", "Mend what is safe: remove links to issues that are gone, flush a JSONL that is only behind");
        var yes = Flags.Switch("--yes", "Do it without asking (bd never asks: --fix and --clean need no prompt)", "-y");
        var check = Flags.Text("--check", "Only one check: validate (the data checks) or pollution (issues that look like tests)");
        var clean = Flags.Switch("--clean", "With --check=pollution: delete the suspected test issues (with --yes; a copy goes to .beads/pollution-backup.jsonl)");
        var verbose = Flags.Switch("--verbose", "Show every check, not only warnings and errors", "-v");
        var dryRun = Flags.Switch("--dry-run", "With --fix: say what would be mended, change nothing");
        var command = new Command("doctor", "Check the rig and the system under it (host, store, registry, JSONL, SQL tables); --fix mends what it safely can")
        {
            fix, yes, check, clean, verbose, dryRun,
        };
        return command.With(async run =>
        {
            var only = run.Value(check);
            if (only is not (null or "validate" or "pollution"))
                throw CliException.Usage($"unknown check '{only}': the checks are validate and pollution");
            if (run.Value(clean) && only != "pollution") throw CliException.Usage("--clean goes with --check=pollution");
            if (only == "pollution") return await Pollution(run, run.Value(clean), run.Value(yes));
            var doctor = new Checkup(run, mend: run.Value(fix) && !run.Value(dryRun));
            var checks = only == "validate" ? await doctor.DataChecks() : await doctor.Everything();
            var ok = checks.All(c => c.Status == DoctorCheck.Ok);
            run.Print(new DoctorOutput(Environment.CurrentDirectory, checks, ok, only is null, run.Value(verbose) || only is not null));
            return only == "validate" ? (ok ? ExitCodes.Ok : ExitCodes.Refused)
                : checks.Any(c => c.Status == DoctorCheck.Error) ? ExitCodes.Refused : ExitCodes.Ok;
        });
    }

    /// <summary>beads' doctor --check=pollution: the suspects with their scores and reasons; --clean deletes them.</summary>
    private static async Task<int> Pollution(Invocation run, bool clean, bool yes)
    {
        var rig = await run.Rig();
        var suspects = (await run.Send<RigDiagnosis>(new DiagnoseRig(rig))).Suspects;
        var json = new JsonObject
        {
            ["polluted_count"] = suspects.Count,
            ["high_confidence"] = suspects.Count(s => s.Score >= 0.9),
            ["medium_confidence"] = suspects.Count(s => s.Score < 0.9),
            ["issues"] = new JsonArray([.. suspects.Select(JsonNode (s) => new JsonObject
            {
                ["id"] = s.Id, ["title"] = s.Title, ["score"] = s.Score,
                ["reasons"] = new JsonArray([.. s.Reasons.Select(r => (JsonNode)r)]), ["created_at"] = RfcTimestamp.Format(s.CreatedAt),
            })]),
        };
        var text = new StringBuilder(suspects.IsEmpty ? "No test pollution detected!" : $"Found {suspects.Count} potential test issues:\n");
        foreach (var suspect in suspects)
            text.Append($"\n  {suspect.Id}: \"{suspect.Title}\" (score: {suspect.Score:0.00})\n{string.Concat(suspect.Reasons.Select(r => $"    - {r}\n"))}");
        if (!clean || suspects.IsEmpty)
        {
            if (!suspects.IsEmpty) text.Append("\nRun 'bd doctor --check=pollution --clean --yes' to delete these issues.");
            run.Print(new JsonObjectOutput(json, text.ToString().TrimEnd()));
            return ExitCodes.Ok;
        }
        if (!yes) throw CliException.Usage($"--clean deletes {suspects.Count} issues for good: add --yes to do it");
        var backup = await BackUp(run, rig, [.. suspects.Select(s => s.Id)]);
        var deleted = await run.Send<DeleteResult>(new DeleteIssues(rig, run.Actor, [.. suspects.Select(s => s.Id)], Force: true)
        {
            Reason = "bd doctor --check=pollution --clean: a test issue left behind",
        });
        json["deleted"] = deleted.Deleted.Count;
        json["backup"] = backup;
        text.Append($"\nBacked up {suspects.Count} issues to {backup}\n✓ Deleted {deleted.Deleted.Count} test issues");
        run.Print(new JsonObjectOutput(json, text.ToString()));
        return ExitCodes.Ok;
    }

    /// <summary>The issues' current lines of the rig's JSONL (flushed first), kept beside it before they are deleted.</summary>
    private static async Task<string> BackUp(Invocation run, string rig, ImmutableHashSet<string> ids)
    {
        await run.Send<SyncResult>(new SyncRig(rig, FlushOnly: true));
        var jsonl = (await run.Send<StatsResult>(new GetStats(rig))).Sync?.JsonlPath
                    ?? throw CliException.Refused("no_jsonl", $"rig {rig} keeps no JSONL to back the issues up from: delete them with bd delete");
        var backup = Path.Combine(Path.GetDirectoryName(jsonl)!, "pollution-backup.jsonl");
        var lines = Flags.TextFromFile("--clean", jsonl).Split('\n').Where(line => DoctorChecks.IdOf(line) is { } id && ids.Contains(id));
        await File.WriteAllLinesAsync(backup, lines, run.Cancellation);
        return backup;
    }

    /// <summary>One run of the checks against the rig here, mending as it goes when asked to.</summary>
    private sealed class Checkup(Invocation run, bool mend)
    {
        private string? _rig;
        private IReadOnlyCollection<Issue>? _issues;
        private Task<string?>? _jsonl;

        private async Task<string> Rig() => _rig ??= await run.Rig();

        /// <summary>The rig's issues as the journal has them, wisps left out (neither the JSONL nor the issues table has them).</summary>
        private async Task<IReadOnlyCollection<Issue>> Issues() => _issues ??=
            [.. (await run.Send<IssueSummaries>(new ListIssues(await Rig(), IssueFilter.Any with { IncludeClosed = true }) { Limit = 0 }))
                .Issues.Select(summary => summary.Issue)];

        public async Task<IReadOnlyList<DoctorCheck>> Everything()
        {
            HealthStatus health;
            try
            {
                health = await (await run.Client()).Get<HealthStatus>(GatewayRoutes.Health, run.Cancellation);
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Unreachable)
            {
                return [new DoctorCheck("Host", DoctorCheck.Error, e.Message, System) { Fix = "bd host start; its log: bd host status" }];
            }
            List<DoctorCheck> checks =
            [
                new("Host", DoctorCheck.Ok, $"Beads.Host {health.Version} on {health.Node} (pid {health.ProcessId})", System),
                Store(health),
                await Registry(health),
            ];
            checks.AddRange(await DataChecks());
            checks.Add(await Jsonl());
            checks.Add(await Tables());
            return checks;
        }

        private static DoctorCheck Store(HealthStatus health)
        {
            string[] beadsTables = ["issues", "dependencies", "labels", "comments", "events"];
            var missing = beadsTables.Where(table => !health.Tables.Contains(table)).ToList();
            return health.SchemaVersion > 0 && missing.Count == 0
                ? new("Store", DoctorCheck.Ok, $"{health.Storage}, schema version {health.SchemaVersion}", System)
                : new("Store", DoctorCheck.Error,
                    health.SchemaVersion == 0 ? $"{health.Storage}: the host names no schema version (an older host)" : $"{health.Storage}: tables missing: {string.Join(", ", missing)}",
                    System) { Fix = "restart the host (bd host stop; bd host start): it creates what is missing when it starts" };
        }

        /// <summary>Every rig whose home is on this host's machine has its .beads folder there.</summary>
        private async Task<DoctorCheck> Registry(HealthStatus health)
        {
            var rigs = (await (await run.Client()).Get<RigDirectory>(GatewayRoutes.Rigs, run.Cancellation)).Rigs;
            var gone = rigs.Where(rig => (rig.HomeNode is null || rig.HomeNode == health.Node)
                                         && !Directory.Exists(BeadsFolder.In(rig.HomeDirectory)))
                .Select(rig => $"{rig.Name} ({rig.HomeDirectory})").ToList();
            return gone.Count == 0
                ? new("Rig registry", DoctorCheck.Ok, $"{rigs.Count} rig(s), each home folder has its .beads", System)
                : new("Rig registry", DoctorCheck.Warning, $"{gone.Count} of {rigs.Count} rig(s) have no .beads folder at home", System)
                {
                    Detail = DoctorChecks.Sample(gone),
                    Fix = "run `bd init` in the folder again (the rig keeps its issues) or restore the folder; their JSONL is not written meanwhile",
                };
        }

        /// <summary>beads' data-integrity checks (--check=validate): duplicates, orphaned links, test pollution, git conflicts.</summary>
        public async Task<IReadOnlyList<DoctorCheck>> DataChecks()
        {
            var rig = await Rig();
            var diagnosis = await run.Send<RigDiagnosis>(new DiagnoseRig(rig));
            var duplicates = diagnosis.Duplicates.Sum(group => group.Count - 1);
            var checks = new List<DoctorCheck>
            {
                duplicates == 0
                    ? new("Duplicate Issues", DoctorCheck.Ok, "No duplicate issues", Data)
                    : new("Duplicate Issues", DoctorCheck.Warning, $"{duplicates} duplicate issue(s) in {diagnosis.Duplicates.Count} group(s)", Data)
                    {
                        Detail = DoctorChecks.Sample([.. diagnosis.Duplicates.Select(group => string.Join(" = ", group))]),
                        Fix = "Duplicates cannot be auto-fixed: close or delete the copies",
                    },
                await Orphans(rig, diagnosis.Orphans),
                diagnosis.Suspects.IsEmpty
                    ? new("Test Pollution", DoctorCheck.Ok, "No test pollution", Data)
                    : new("Test Pollution", DoctorCheck.Warning, $"{diagnosis.Suspects.Count} issue(s) look like tests left behind", Data)
                    {
                        Detail = DoctorChecks.Sample([.. diagnosis.Suspects.Select(s => s.Id)]),
                        Fix = "bd doctor --check=pollution to review them, --clean --yes to delete them",
                    },
                await Conflicts(rig),
            };
            return checks;
        }

        private async Task<DoctorCheck> Orphans(string rig, ImmutableList<OrphanedLink> orphans)
        {
            if (orphans.IsEmpty) return new("Orphaned Dependencies", DoctorCheck.Ok, "No orphaned dependencies", Data);
            var links = orphans.Select(link => $"{link.IssueId}→{link.DependsOnId}").ToList();
            if (!mend)
                return new("Orphaned Dependencies", DoctorCheck.Warning, $"{orphans.Count} orphaned dependency reference(s)", Data)
                {
                    Detail = DoctorChecks.Sample(links), Fix = "Run 'bd doctor --fix' to remove orphaned dependencies",
                };
            var steps = orphans.Select((link, i) => new BatchStep(i + 1, new RemoveDependency(rig, run.Actor, link.IssueId, link.DependsOnId)));
            await run.Send<BatchResult>(new RunBatch(rig, run.Actor, [.. steps]));
            return new("Orphaned Dependencies", DoctorCheck.Ok, $"Removed {orphans.Count} orphaned dependency reference(s)", Data)
            {
                Detail = DoctorChecks.Sample(links),
            };
        }

        private async Task<DoctorCheck> Conflicts(string rig)
        {
            var text = await JsonlText(rig);
            var lines = text is null ? [] : DoctorChecks.ConflictLines(text);
            return lines.IsEmpty
                ? new("Git Conflicts", DoctorCheck.Ok, text is null ? "N/A (no JSONL)" : "No git conflicts in the JSONL", Data)
                : new("Git Conflicts", DoctorCheck.Error, $"the JSONL holds git's conflict markers on {lines.Count} line(s)", Data)
                {
                    Detail = $"lines {DoctorChecks.Sample([.. lines.Select(n => n.ToString(global::System.Globalization.CultureInfo.InvariantCulture))])}",
                    Fix = "resolve the merge in .beads/issues.jsonl (keep both sides' lines), then bd import",
                };
        }

        /// <summary>The rig's JSONL as it is on disk now (null when it keeps none here), read once for every check.</summary>
        private Task<string?> JsonlText(string rig) => _jsonl ??= ReadJsonl(rig);

        private async Task<string?> ReadJsonl(string rig) =>
            (await run.Send<StatsResult>(new GetStats(rig))).Sync?.JsonlPath is { } path && File.Exists(path)
                ? await File.ReadAllTextAsync(path, run.Cancellation)
                : null;

        /// <summary>The JSONL against the journal; a file only behind is flushed with --fix.</summary>
        private async Task<DoctorCheck> Jsonl()
        {
            var rig = await Rig();
            if (await JsonlText(rig) is not { } text)
                return new("JSONL", DoctorCheck.Ok, "N/A (this rig writes no JSONL here)", Sync);
            var drift = DoctorChecks.Drift(text, await Issues());
            if (drift.None) return new("JSONL", DoctorCheck.Ok, $"{(await Issues()).Count} issues, as the journal has them", Sync);
            var found = string.Join("; ", new[]
            {
                Described("missing from the file", drift.Missing), Described("only in the file", drift.Extra),
                Described("older in the file", drift.Older), Described("newer in the file", drift.Newer),
            }.Where(part => part.Length > 0));
            if (mend && drift.FlushMends)
            {
                await run.Send<SyncResult>(new SyncRig(rig, FlushOnly: true));
                return new("JSONL", DoctorCheck.Ok, "flushed: the file had fallen behind the journal", Sync) { Detail = found };
            }
            return new("JSONL", DoctorCheck.Warning, "the file and the journal differ", Sync)
            {
                Detail = found,
                Fix = drift.FlushMends
                    ? "the rig flushes after flush-debounce by itself; if this stays, bd doctor --fix (or bd sync --flush-only)"
                    : "lines only in the file, or newer there, come from git or an edit: bd import .beads/issues.jsonl takes them in",
            };
        }

        /// <summary>The SQL issues table against the journal: how far the projection is behind.</summary>
        private async Task<DoctorCheck> Tables()
        {
            var rig = await Rig();
            var rows = await (await run.Client()).Post<SqlQuery, SqlResult>(GatewayRoutes.Sql,
                new SqlQuery($"SELECT id, updated_at FROM issues WHERE rig = '{rig.Replace("'", "''")}'", SqlQuery.MaxLimit), run.Cancellation);
            var behind = DoctorChecks.BehindInTables(rows, await Issues());
            return behind.IsEmpty
                ? new("SQL tables", DoctorCheck.Ok, "the issues table is up to date with the journal", Sync)
                : new("SQL tables", DoctorCheck.Warning, $"{behind.Count} issue(s) not yet in the issues table as the journal has them", Sync)
                {
                    Detail = DoctorChecks.Sample(behind),
                    Fix = "the writers catch up by themselves within seconds; if this stays, check the database (bd host status shows its errors)",
                };
        }

        private static string Described(string what, ImmutableList<string> ids) =>
            ids.IsEmpty ? "" : $"{ids.Count} {what} ({DoctorChecks.Sample(ids, 3)})";
    }
}
