using System.Text.Json.Nodes;
using Beads.Tests.Jsonl;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>bd export, import, sync, config and stats for the JSONL side, with the real bd against a real host.</summary>
public sealed class BdSyncSpec(BdHostFixture host) : BdSpec(host)
{
    [SkippableFact]
    public async Task Beads_own_export_goes_in_with_bd_import_and_comes_back_out_of_bd_export_object_by_object()
    {
        RequireBinaries();
        var fixture = Fixtures.BeadsExport();
        var project = await NewRig("fixture", "bd"); // its own prefix, so that it comes back out line for line

        var imported = await Json(project, "import", fixture);
        Assert.Equal((Fixtures.BeadsExportIssueCount, 0, 0), ((int)imported["created"]!, (int)imported["updated"]!, (int)imported["skipped"]!));
        Assert.Empty(imported["bad_lines"]!.AsArray());

        // Its wisps come back with --all only: beads' own export leaves them out since GH#3649.
        var exported = await Ok(project, "export", "--all");
        JsonAssert.SameLines(File.ReadAllText(fixture), exported.Stdout);
        var file = Path.Combine(project, "exported.jsonl");
        await Ok(project, "export", "-o", file, "--all");
        JsonAssert.SameLines(File.ReadAllText(fixture), File.ReadAllText(file));
        var persistent = File.ReadAllLines(fixture).Where(line => !line.Contains("\"ephemeral\":true")).ToList();
        JsonAssert.SameLines(string.Join("\n", persistent) + "\n", (await Ok(project, "export")).Stdout);

        var again = await Json(project, "import", fixture);
        Assert.Equal(Fixtures.BeadsExportIssueCount, (int)again["unchanged"]!);
    }

    [SkippableFact]
    public async Task A_file_with_a_bad_line_imports_nothing_unless_told_to_skip_it_and_says_which_line_and_why()
    {
        RequireBinaries();
        var project = await NewRig("badline", "bad");
        var file = Path.Combine(project, "incoming.jsonl");
        File.WriteAllText(file, """
            {"id":"bad-1","title":"fine","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}

            {"id":"bad-2","title":"broken",
            {"id":"bad-3","title":"also fine","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}

            """);

        var refused = await Bd(project, "import", file);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("line 3:", refused.Stderr);
        Assert.Contains("nothing was imported", refused.Stderr);
        Assert.Contains("--skip-bad-lines", refused.Stderr);
        Assert.Contains("No issues found", (await Ok(project, "list")).Stdout);

        var dryRun = await Json(project, "import", file, "--dry-run", "--skip-bad-lines");
        Assert.True((bool)dryRun["dry_run"]!);
        Assert.Equal(2, (int)dryRun["created"]!);
        Assert.Contains("No issues found", (await Ok(project, "list")).Stdout);

        var skipped = await Json(project, "import", file, "--skip-bad-lines");
        Assert.Equal(2, (int)skipped["created"]!);
        Assert.Equal(3, (int)skipped["bad_lines"]![0]!["line"]!);
        Assert.Equal(2, (await Json(project, "list")).AsArray().Count);
    }

    [SkippableFact]
    public async Task An_import_applies_the_rules_of_commands_and_names_each_line_it_refuses()
    {
        RequireBinaries();
        var project = await NewRig("rules", "ru");
        string Line(string id, string extra = "") =>
            $$"""{"id":"{{id}}","title":"t","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"{{extra}}}""";
        static string Edge(string from, string to, string type = "blocks") =>
            $$""","dependencies":[{"issue_id":"{{from}}","depends_on_id":"{{to}}","type":"{{type}}"}]""";
        var file = Path.Combine(project, "attack.jsonl");
        File.WriteAllLines(file,
        [
            Line("ru-a", Edge("ru-a", "ru-b")),
            Line("ru-b", Edge("ru-b", "ru-a")),            // closes a cycle with line 1
            Line("ru-c", Edge("ru-c", "ru-c", "parent-child")),
            Line("ru-d", Edge("ru-d", "ru-nowhere")),
            Line("other-e"),
            Line("../../etc/x"),
            Line("ru-f").Replace("\"priority\":2", "\"priority\":99"),
            Line("ru-g", Edge("ru-a", "ru-f")),            // an edge of another issue
            Line("ru-h.1.2.3.4"),
            Line("ru-ok"),
        ]);

        var refused = await Bd(project, "import", file);

        Assert.Equal(1, refused.ExitCode);
        foreach (var reason in new[]
                 {
                     "line 2: ru-b → ru-a (blocks) would close a cycle", "line 3: ru-c cannot depend on itself",
                     "line 4: ru-d depends on ru-nowhere", "line 5: other-e does not have this rig's prefix 'ru-'",
                     "line 6: '../../etc/x' is not a valid id", "line 7: ru-f: invalid priority 99",
                     "line 8: ru-g lists an edge of another issue", "line 9: ru-h.1.2.3.4 is nested 4 levels deep",
                 })
            Assert.Contains(reason, refused.Stderr);
        Assert.Contains("No issues found", (await Ok(project, "list")).Stdout);

        var skipped = await Json(project, "import", file, "--skip-bad-lines");
        Assert.Equal(2, (int)skipped["created"]!);
        Assert.Equal(["ru-a", "ru-ok"], (await Json(project, "list")).AsArray().Select(i => (string)i!["id"]!).Order());
    }

    [SkippableFact]
    public async Task A_bad_line_deep_in_a_large_file_is_reported_by_its_line_in_the_whole_file()
    {
        RequireBinaries();
        var project = await NewRig("deep", "deep");
        var lines = System.Text.Encoding.UTF8.GetString(Exported.Jsonl(SyntheticRig.Generate(3000))).TrimEnd('\n').Split('\n').ToList();
        lines.Insert(2500, "{\"id\": 42}");
        var file = Path.Combine(project, "large.jsonl");
        File.WriteAllText(file, string.Join('\n', lines) + "\n");
        Assert.True(new FileInfo(file).Length > 1_000_000, "the file must span several chunks");

        // Synthetic issues have the prefix bd and edges across the file's pieces: renamed, those edges still hold.
        var refused = await Bd(project, "import", file, "--rename-on-import");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("1 line of", refused.Stderr);
        Assert.Contains("line 2501: id must be a string, not a number", refused.Stderr);
        var skipped = await Json(project, "import", file, "--skip-bad-lines", "--rename-on-import");
        Assert.Equal(3000, (int)skipped["created"]!);
    }

    [SkippableFact]
    public async Task Sync_flush_only_writes_the_file_and_no_auto_flush_keeps_a_change_waiting_for_it()
    {
        RequireBinaries();
        var project = await NewRig("flush", "fl");
        var first = await Create(project, "flushed by bd sync");
        var sync = await Json(project, "sync", "--flush-only");
        Assert.Contains("wrote 1 issues", (string)sync["jsonl"]!);
        var jsonl = Path.Combine(project, ".beads", "issues.jsonl");
        Assert.Contains(first, File.ReadAllText(jsonl));

        var held = await Create(project, "held back", "--no-auto-flush");
        var stats = await Json(project, "stats");
        Assert.Equal(1, (int)stats["sync"]!["dirty_issues"]!);
        Assert.Equal(2, (int)stats["summary"]!["total_issues"]!);
        Assert.DoesNotContain(held, File.ReadAllText(jsonl));

        await Ok(project, "sync", "--flush-only");
        Assert.Contains(held, File.ReadAllText(jsonl));
        Assert.Equal(0, (int)(await Json(project, "stats"))["sync"]!["dirty_issues"]!);
    }

    [SkippableFact]
    public async Task Config_sets_sync_settings_in_config_yaml_lists_their_sources_and_refuses_invalid_values()
    {
        RequireBinaries();
        var project = await NewRig("settings", "set");

        var set = await Json(project, "config", "set", "flush-debounce", "30s");
        Assert.Equal("30s", (string)set["value"]!);
        Assert.StartsWith(".beads/config.yaml", (string)set["source"]!);
        Assert.Contains("flush-debounce: 30s", File.ReadAllText(Path.Combine(project, ".beads", "config.yaml")));

        var listed = (await Ok(project, "config", "list")).Stdout;
        Assert.Matches(@"flush-debounce = 30s\s+\.beads/config\.yaml", listed);
        Assert.Matches(@"sync\.mode = git-portable\s+default \(HOCON beads\.rig\.sync\.mode\)", listed);

        var refused = await Bd(project, "config", "set", "remote-sync-interval", "forever");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("use 0 (off), or a duration from 1s to 24h", refused.Stderr);

        await Ok(project, "init", "--rig", Path.GetFileName(project));
        Assert.Contains("flush-debounce: 30s", File.ReadAllText(Path.Combine(project, ".beads", "config.yaml")));
        Assert.Equal("30s", (string)(await Json(project, "config", "get", "flush-debounce"))["value"]!);
    }

    [SkippableFact]
    public async Task Stats_keeps_beads_summary_and_adds_the_sync_figures()
    {
        RequireBinaries();
        var project = await NewRig("figures", "fig");
        await Create(project, "counted");
        await Ok(project, "sync");

        var stats = await Json(project, "stats");

        Assert.Equal(1, (int)stats["summary"]!["total_issues"]!);
        var sync = stats["sync"]!;
        Assert.Equal("git-portable", (string)sync["mode"]!);
        Assert.True((int)sync["flushes"]! >= 1);
        Assert.Equal(1, (int)sync["exports"]!);
        Assert.NotNull(sync["last_flush_ms"]);
        Assert.Contains("not in a git work tree", (string)sync["last_export_outcome"]!);
        Assert.Contains("Flushes:", (await Ok(project, "stats")).Stdout);
    }
}
