using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>
/// The command lines the tools that drive beads send, as they send them (read from their source: Gas Town's
/// internal/beads, beads' MCP server's BdCliClient, beads-ui's server), and what they read back.
/// </summary>
public sealed class BdClientLinesSpec(BdHostFixture host) : BdSpec(host)
{
    [SkippableFact]
    public async Task Gas_Towns_version_gate_and_flag_probe_get_what_they_parse()
    {
        RequireBinaries();
        var folder = Host.NewProject("gt-version");

        // gt: `bd version (\d+\.\d+\.\d+)` must match, at 0.57.0 or later; beads-mcp wants 0.9.0 or later.
        var version = Regex.Match((await Ok(folder, "version")).Stdout, @"bd version (\d+)\.(\d+)\.(\d+)");
        Assert.True(version.Success);
        Assert.True(new Version(int.Parse(version.Groups[1].Value), int.Parse(version.Groups[2].Value)) >= new Version(0, 57));

        // gt then probes `bd --allow-stale version` and uses the flag only if the output does not say "unknown flag".
        await Expect(folder, ["--allow-stale", "version"], 2, "unknown flag: --allow-stale");
    }

    [SkippableFact]
    public async Task Gas_Towns_agent_bead_and_mail_lines_work_and_decode()
    {
        RequireBinaries();
        var project = await NewRig("gt-mail", "gtm");

        // CreateAgentBead: flags with '=' and a --json object back, its id kept as given.
        var agent = await Json(project, "create", "--id=gtm-gastown-witness", "--title=Witness", "--description=role: witness",
            "--type=task", "--labels=gt:agent");
        Assert.Equal("gtm-gastown-witness", (string)agent["id"]!);
        Assert.Equal(["gt:agent"], agent["labels"]!.AsArray().Select(label => (string)label!));

        // A mail message: -- before a subject that begins with '-', --silent prints the bare id.
        var sent = await Ok(project, "create", "--assignee", "mayor/", "-d", "body", "--priority", "1",
            "--labels", "gt:message,from:deacon", "--actor", "deacon", "--silent", "--", "-urgent: patrol");
        var id = sent.Stdout.Trim();
        Assert.Matches("^gtm-[a-z0-9]+$", id);

        // The inbox query of every agent prompt: --flat and --limit 0 with --json.
        var inbox = (await Json(project, "list", "--label", "gt:message", "--assignee", "mayor/", "--limit", "0", "--flat")).AsArray();
        Assert.Equal("-urgent: patrol", (string)Assert.Single(inbox)!["title"]!);

        // Labels replaced whole by repeated --set-labels, and cleared by an empty one.
        await Ok(project, "update", id, "--set-labels=read", "--set-labels=delivery:acked");
        Assert.Equal(["delivery:acked", "read"], Labels(await Show(project, id)).Order());
        await Ok(project, "update", id, "--set-labels=");
        Assert.Empty(Labels(await Show(project, id)));

        // Released: status and an emptied assignee in '=' form.
        await Ok(project, "update", id, "--status=open", "--assignee=");
        Assert.Null((await Show(project, id))["assignee"]);

        // Read: closed with the agent's session, which the issue keeps.
        await Ok(project, "close", id, "--reason=read", "--session=sess-42");
        var closed = await Show(project, id);
        Assert.Equal(("closed", "read", "sess-42"), ((string)closed["status"]!, (string)closed["close_reason"]!, (string)closed["closed_by_session"]!));

        // --status=all brings closed issues back; the default leaves them out.
        Assert.Single((await Json(project, "list")).AsArray());
        Assert.Equal(2, (await Json(project, "list", "--status=all")).AsArray().Count);
    }

    [SkippableFact]
    public async Task Gas_Towns_ephemeral_mail_stays_out_of_lists_and_the_jsonl_and_is_read_from_the_wisps_tables()
    {
        RequireBinaries();
        var project = await NewRig("gt-wisps", "gtx");
        var rig = Path.GetFileName(project);
        var kept = await Create(project, "kept work");

        // Heartbeats, pings and protocol mail are wisps: gt's mail line with --ephemeral.
        var wisp = (await Ok(project, "create", "--assignee", "mayor/", "-d", "ping", "--priority", "2",
            "--labels", "gt:message,from:witness", "--actor", "witness", "--ephemeral", "--silent", "--", "heartbeat")).Stdout.Trim();
        Assert.Matches("^gtx-wisp-[a-z0-9]+$", wisp);
        Assert.True((bool)(await Show(project, wisp))["ephemeral"]!);

        Assert.Equal([kept], (await Json(project, "list")).AsArray().Select(i => (string)i!["id"]!));
        // gt's List(Ephemeral): bd query with --json first, the expression quoted whole, --limit= form.
        var queried = JsonNode.Parse((await Ok(project, "query", "--json", "ephemeral=true AND label=gt:message AND status=open", "--limit=10")).Stdout)!;
        Assert.Equal([wisp], queried.AsArray().Select(i => (string)i!["id"]!));
        await Expect(project, ["query", "ephemeral=maybe"], 1, "query: ephemeral at position 1: 'maybe' is not true or false");
        Assert.Equal(2, (await Json(project, "list", "--include-infra")).AsArray().Count);
        Assert.DoesNotContain(wisp, (await Json(project, "ready")).AsArray().Select(i => (string)i!["id"]!));
        await Ok(project, "sync", "--flush-only");
        var jsonl = File.ReadAllText(Path.Combine(project, ".beads", "issues.jsonl"));
        Assert.Contains(kept, jsonl);
        Assert.DoesNotContain(wisp, jsonl);

        // gt's inbox of ephemeral mail: wisps joined to wisp_labels, labels folded with GROUP_CONCAT.
        var query = "SELECT w.id, w.title, GROUP_CONCAT(l.label) AS labels_csv FROM wisps w " +
                    $"JOIN wisp_labels l ON l.rig = w.rig AND l.issue_id = w.id WHERE w.rig = '{rig}' AND w.assignee = 'mayor/' GROUP BY w.id, w.title";
        await Poll.TryUntil(async () => (await Json(project, "sql", query)).AsArray().Count > 0, TimeSpan.FromSeconds(30));
        var row = Assert.Single((await Json(project, "sql", query)).AsArray())!;
        Assert.Equal((wisp, "heartbeat"), ((string)row["id"]!, (string)row["title"]!));
        Assert.Equal(["from:witness", "gt:message"], ((string)row["labels_csv"]!).Split(',').Order());

        await Ok(project, "delete", wisp, "--force");
        await Poll.TryUntil(async () => (await Json(project, "sql", query)).AsArray().Count == 0, TimeSpan.FromSeconds(30));

        // beads' purge takes the closed wisps in bulk, and only those; prune the closed issues that are not wisps.
        var closedWisps = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = (string)(await Json(project, "create", $"patrol step {i}", "--ephemeral"))["id"]!;
            await Ok(project, "close", id);
            closedWisps.Add(id);
        }
        var openWisp = (string)(await Json(project, "create", "still running", "--ephemeral"))["id"]!;
        var closedTask = (string)(await Json(project, "create", "a closed task"))["id"]!;
        await Ok(project, "close", closedTask);
        await Expect(project, ["purge"], 1, "would purge 3");
        Assert.Equal(3, (int)(await Json(project, "purge", "--dry-run"))["purge_count"]!);
        Assert.Equal(3, (int)(await Json(project, "purge", "--force"))["purged_count"]!);
        foreach (var id in closedWisps) Assert.Equal(1, (await Bd(project, "show", id)).ExitCode);
        Assert.Equal(0, (await Bd(project, "show", openWisp)).ExitCode);
        await Expect(project, ["prune", "--force"], 2, "requires --older-than or --pattern");
        Assert.Equal(0, (int)(await Json(project, "prune", "--older-than", "7d", "--force"))["pruned_count"]!);
        Assert.Equal(1, (int)(await Json(project, "prune", "--pattern", "*", "--force"))["pruned_count"]!);
        Assert.Equal(1, (await Bd(project, "show", closedTask)).ExitCode);
    }

    [SkippableFact]
    public async Task beads_mcps_and_beads_uis_lines_work()
    {
        RequireBinaries();
        var project = await NewRig("mcp-lines", "mcl");

        // beads-mcp puts its global flags and --json after the positional arguments.
        var created = await Json(project, "create", "Wire the login", "-p", "1", "-t", "task", "-d", "- first\n- second",
            "--acceptance", "works", "--no-auto-import");
        var id = (string)created["id"]!;
        Assert.Equal("- first\n- second", (string)created["description"]!);
        Assert.Single((await Json(project, "list", "--title", "login", "--no-assignee", "--limit", "20", "--no-auto-import")).AsArray());
        Assert.Single((await Json(project, "ready", "--limit", "10", "--sort", "priority")).AsArray());

        // beads-ui: --sandbox before every command, --tree=false on its lists, beads' old --acceptance-criteria name.
        Assert.Single((await Json(project, "--sandbox", "list", "--tree=false")).AsArray());
        await Ok(project, "--sandbox", "update", id, "--acceptance-criteria", "still works");
        Assert.Equal("still works", (string)(await Show(project, id))["acceptance_criteria"]!);

        // Its pydantic models take edges only as linked issues: create, update and close print none as rows.
        var dependent = await Json(project, "create", "Follows", "--deps", id);
        var updated = (await Json(project, "update", (string)dependent["id"]!, "--title", "Follows on")).AsArray();
        Assert.DoesNotContain("depends_on_id", dependent.ToJsonString() + updated.ToJsonString());
        var linked = (await Show(project, (string)dependent["id"]!))["dependencies"]!.AsArray().Single()!;
        Assert.All(["id", "title", "status", "priority", "issue_type", "created_at", "updated_at", "dependency_type"],
            field => Assert.NotNull(linked[field]));

        var closed = (await Json(project, "close", id, "--reason", "Completed")).AsArray();
        Assert.Equal(id, (string)Assert.Single(closed)!["id"]!);

        // beads-ui's epics view, and its delete.
        Assert.Empty((await Json(project, "--sandbox", "epic", "status")).AsArray());
        var epic = (string)(await Json(project, "create", "Epic", "-t", "epic"))["id"]!;
        var first = (string)(await Json(project, "create", "first", "--parent", epic))["id"]!;
        await Json(project, "create", "second", "--parent", epic);
        await Ok(project, "close", first);
        var status = Assert.Single((await Json(project, "--sandbox", "epic", "status")).AsArray())!;
        Assert.Equal((epic, "epic", 2, 1, false), ((string)status["epic"]!["id"]!, (string)status["epic"]!["issue_type"]!,
            (int)status["total_children"]!, (int)status["closed_children"]!, (bool)status["eligible_for_close"]!));
        Assert.Empty((await Json(project, "epic", "status", "--eligible-only")).AsArray());
        // beads-mcp's info and migrate --inspect, in beads' shapes.
        var info = await Json(project, "info", "--schema");
        Assert.Equal(("host", "mcl"), ((string)info["mode"]!, (string)info["config"]!["issue_prefix"]!));
        Assert.True((int)info["issue_count"]! > 0);
        Assert.Contains("wisps", info["schema"]!["tables"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(3, info["schema"]!["sample_issue_ids"]!.AsArray().Count);
        Assert.Equal("mcl", (string)info["schema"]!["detected_prefix"]!);
        var inspected = await Json(project, "migrate", "--inspect");
        Assert.True((bool)inspected["current_state"]!["db_exists"]!);
        Assert.Equal((string)info["schema"]!["schema_version"]!, (string)inspected["current_state"]!["schema_version"]!);
        Assert.Contains("Nothing to migrate", (await Ok(project, "migrate", "--yes")).Stdout);

        // Gas Town's children: closed ones included.
        Assert.Equal(2, (await Json(project, "children", epic)).AsArray().Count);
        Assert.Contains("No children of", (await Ok(project, "children", first)).Stdout);
        await Ok(project, "--sandbox", "delete", (string)dependent["id"]!, "--force");
        Assert.Equal(1, (await Bd(project, "show", (string)dependent["id"]!)).ExitCode);
    }

    [SkippableFact]
    public async Task Lint_fails_on_an_issue_missing_its_types_sections_and_names_it()
    {
        RequireBinaries();
        var project = await NewRig("lint", "lnt");
        Assert.Contains("No template warnings", (await Ok(project, "lint")).Stdout);
        var bug = (string)(await Json(project, "create", "Bug without sections", "--type", "bug"))["id"]!;
        await Ok(project, "create", "Simple chore", "--type", "chore");

        var linted = await Bd(project, "lint");
        Assert.True(linted.ExitCode == 1, $"bd lint: expected exit 1: {linted}");
        Assert.Contains("Bug without sections", linted.Stdout);
        Assert.DoesNotContain("Simple chore", linted.Stdout);
        var json = JsonNode.Parse((await Bd(project, "lint", "--json")).Stdout)!;
        var finding = Assert.Single(json["results"]!.AsArray())!;
        Assert.Equal((bug, 2), ((string)finding["id"]!, (int)finding["warnings"]!));
    }

    [SkippableFact]
    public async Task Count_stale_the_update_shortcuts_and_defer_work_as_beads_prints_them()
    {
        RequireBinaries();
        var project = await NewRig("hygiene", "hyg");
        var old = Path.Combine(project, "old.jsonl");
        await File.WriteAllTextAsync(old, """
            {"id":"hyg-old1","title":"forgotten","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}

            """);
        await Ok(project, "import", "-i", old);
        var id = (string)(await Json(project, "create", "fresh", "-l", "ui"))["id"]!;

        // The update shortcuts answer with the one issue, as beads prints it.
        Assert.Equal("bob", (string)(await Json(project, "assign", id, "bob"))["assignee"]!);
        Assert.Contains("Unassigned", (await Ok(project, "assign", id, "")).Stdout);
        Assert.Equal(0, (int)(await Json(project, "priority", id, "P0"))["priority"]!);
        await Expect(project, ["priority", id, "9"], 1, "priority");
        Assert.Contains("api", (await Json(project, "tag", id, "api"))["labels"]!.AsArray().Select(l => (string)l!));
        // Changes guarded by what the agent saw (beads 1.3's --if-assignee and --if-status).
        await Expect(project, ["close", id, "--if-assignee", "alice"], 1, "is assigned to nobody, not alice");
        Assert.Equal("guarded", (string)(await Json(project, "update", id, "--if-assignee=", "--if-status", "open", "--notes", "guarded"))[0]!["notes"]!);

        Assert.Equal("2", (await Ok(project, "count")).Stdout.Trim());
        Assert.Equal(1, (int)(await Json(project, "count", "--label", "ui"))["count"]!);
        var byPriority = await Json(project, "count", "--by-priority");
        Assert.Equal(2, (int)byPriority["total"]!);
        Assert.Equal(["P0", "P2"], byPriority["groups"]!.AsArray().Select(g => (string)g!["group"]!));
        await Expect(project, ["count", "--by-status", "--by-type"], 2, "only one --by-* flag");

        var stale = Assert.Single((await Json(project, "stale", "--days", "7")).AsArray())!;
        Assert.Equal("hyg-old1", (string)stale["id"]!);
        Assert.Contains("Last updated:", (await Ok(project, "stale")).Stdout);
        await Expect(project, ["stale", "--days", "0"], 1, "--days must be at least 1");

        // beads 1.3's reclaim: a claim nobody has touched goes back to ready work; a fresh one stays.
        var abandoned = Path.Combine(project, "abandoned.jsonl");
        await File.WriteAllTextAsync(abandoned, """
            {"id":"hyg-old2","title":"abandoned","status":"in_progress","assignee":"ghost","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}

            """);
        await Ok(project, "import", "-i", abandoned);
        var fresh = (string)(await Json(project, "create", "being worked on"))["id"]!;
        await Ok(project, "update", fresh, "--claim");
        Assert.Equal(["hyg-old2"], (await Json(project, "reclaim", "--older-than", "1h", "--dry-run")).AsArray().Select(i => (string)i!["id"]!));
        var reclaimed = Assert.Single((await Json(project, "reclaim", "--older-than", "1h")).AsArray())!;
        Assert.Equal(("hyg-old2", "open", null), ((string)reclaimed["id"]!, (string)reclaimed["status"]!, (string?)reclaimed["assignee"]));
        Assert.Equal("in_progress", (string)(await Json(project, "show", fresh))[0]!["status"]!);
        await Expect(project, ["reclaim", "--older-than", "soon"], 2, "a length of time such as 30m");

        // Leases: the holder's heartbeat renews a claim; anyone else's, or one for a claim already let go, is refused.
        var beat = Assert.Single((await Json(project, "heartbeat", fresh)).AsArray())!;
        Assert.Equal((fresh, "in_progress"), ((string)beat["id"]!, (string)beat["status"]!));
        Assert.True(DateTimeOffset.Parse((string)beat["lease_expires_at"]!) > DateTimeOffset.UtcNow.AddMinutes(4));
        Assert.Contains($"Renewed {fresh}: yours until", (await Ok(project, "heartbeat", fresh)).Stdout);
        await Expect(project, ["heartbeat", "hyg-old2"], 1, "is not");
        await Expect(project, ["heartbeat", fresh, "--actor", "someone-else"], 1, "assigned to");
        await Expect(project, ["config", "set", "claim.lease", "soon"], 1, "not a lease length");
        await Ok(project, "config", "set", "claim.lease", "0");
        Assert.Null(Assert.Single((await Json(project, "heartbeat", fresh)).AsArray())!["lease_expires_at"]);

        var deferred = Assert.Single((await Json(project, "defer", id, "--until", "+1h")).AsArray())!;
        Assert.Equal("deferred", (string)deferred["status"]!);
        Assert.NotNull(deferred["defer_until"]);
        Assert.DoesNotContain(id, (await Json(project, "ready")).AsArray().Select(i => (string)i!["id"]!));
        Assert.Contains("(now open)", (await Ok(project, "undefer", id)).Stdout);
        await Expect(project, ["undefer", id], 1, "is not deferred (status: open)");
        Assert.Contains(id, (await Json(project, "ready")).AsArray().Select(i => (string)i!["id"]!));
    }

    [SkippableFact]
    public async Task The_key_value_store_and_memories_work_as_beads_prints_them_and_prime_shows_the_memories()
    {
        RequireBinaries();
        var project = await NewRig("memories", "mem");
        Assert.Contains("Set max_retries = 3", (await Ok(project, "kv", "set", "max_retries", "3")).Stdout);
        Assert.Equal("3", (await Ok(project, "kv", "get", "max_retries")).Stdout.Trim());
        Assert.Equal("3", (string)(await Json(project, "kv", "list"))["max_retries"]!);
        var missing = await Bd(project, "kv", "get", "nothing", "--json");
        Assert.Equal((1, false), (missing.ExitCode, (bool)JsonNode.Parse(missing.Stdout)!["found"]!));
        await Expect(project, ["kv", "set", "sync.mode", "x"], 1, "reserved prefix");
        Assert.Contains("Cleared max_retries", (await Ok(project, "kv", "clear", "max_retries")).Stdout);
        Assert.Equal(1, (await Bd(project, "kv", "get", "max_retries")).ExitCode);

        var remembered = await Json(project, "remember", "Always run the tests with -race, every time!");
        Assert.Equal(("always-run-the-tests-with-race-every-time", "remembered"), ((string)remembered["key"]!, (string)remembered["action"]!));
        Assert.Equal("updated", (string)(await Json(project, "remember", "JWT, not sessions", "--key", "always-run-the-tests-with-race-every-time"))["action"]!);
        await Json(project, "remember", "Dolt hides phantom databases", "--key", "dolt-phantoms");
        Assert.Equal(["dolt-phantoms"], (await Json(project, "memories", "PHANTOM")).AsObject().Select(m => m.Key));
        Assert.Equal("Dolt hides phantom databases", (await Ok(project, "recall", "dolt-phantoms")).Stdout.Trim());
        Assert.DoesNotContain("dolt-phantoms", (await Json(project, "kv", "list")).AsObject().Select(p => p.Key));

        var primer = (await Ok(project, "prime")).Stdout;
        Assert.Contains("## Persistent Memories (2)", primer);
        Assert.Contains("### dolt-phantoms\nDolt hides phantom databases", primer);
        Assert.Contains("- **dolt-phantoms**: Dolt hides phantom databases", (await Ok(project, "prime", "--mcp")).Stdout);
        Assert.StartsWith("# Beads Persistent Memories", (await Ok(project, "prime", "--memories-only")).Stdout);

        Assert.Contains("Forgot [dolt-phantoms]", (await Ok(project, "forget", "dolt-phantoms")).Stdout);
        await Expect(project, ["forget", "dolt-phantoms"], 1, "No memory with key");
        await Expect(project, ["recall", "dolt-phantoms"], 1, "No memory with key");
    }

    [SkippableFact]
    public async Task Show_gives_one_line_each_every_field_an_issues_references_or_its_children()
    {
        RequireBinaries();
        var project = await NewRig("show-variants", "shv");
        var epic = (string)(await Json(project, "create", "The epic", "-t", "epic"))["id"]!;
        var child = (string)(await Json(project, "create", "A child", "--parent", epic))["id"]!;
        var blocked = (string)(await Json(project, "create", "Found while on the epic", "--deps", $"discovered-from:{epic}", "--external-ref", "gh-7"))["id"]!;

        var lines = (await Ok(project, "show", epic, child, "--short")).Stdout.Trim().Split('\n');
        Assert.Equal([$"○ {epic} P2 [epic] The epic", $"○ {child} P2 A child"], lines);
        Assert.Contains("External ref: gh-7", (await Ok(project, "show", blocked, "--long")).Stdout);
        Assert.DoesNotContain("External ref", (await Ok(project, "show", blocked)).Stdout);

        var refs = (await Json(project, "show", epic, "--refs"))[epic]!.AsArray();
        Assert.Equal([(blocked, "discovered-from"), (child, "parent-child")],
            refs.Select(r => ((string)r!["id"]!, (string)r["dependency_type"]!)).OrderBy(r => r.Item2));
        Assert.Equal([child], (await Json(project, "show", epic, "--children"))[epic]!.AsArray().Select(r => (string)r!["id"]!));
        Assert.Contains("No children found", (await Ok(project, "show", child, "--children")).Stdout);
        await Expect(project, ["show", epic, "--refs", "--children"], 2, "not both");

        // beads' rename: the child and the issue found on the way follow the epic to its new id.
        Assert.Contains("Renamed", (await Ok(project, "rename", epic, "shv-epic")).Stdout);
        Assert.Equal([child], (await Json(project, "show", "shv-epic", "--children"))["shv-epic"]!.AsArray().Select(r => (string)r!["id"]!));
        Assert.DoesNotContain(epic, (await Json(project, "list", "--all")).AsArray().Select(i => (string)i!["id"]!));
        // The SQL tables follow: the issue under its new id, the child's parent edge pointing at it.
        const string parentEdge = "SELECT depends_on_id FROM dependencies WHERE type = 'parent-child' AND issue_id LIKE 'shv-%'";
        await Poll.Until(async () => (await Json(project, "sql", parentEdge)).AsArray().Select(r => (string)r!["depends_on_id"]!).SequenceEqual(["shv-epic"]),
            TimeSpan.FromSeconds(30), "the child's parent edge in the dependencies table");
        await Expect(project, ["rename", "shv-epic", "zz-epic"], 1, "invalid new ID format");
    }

    [SkippableFact]
    public async Task A_batch_from_stdin_or_a_file_is_made_whole_or_not_at_all()
    {
        RequireBinaries();
        var project = await NewRig("batch", "bat");
        var first = (string)(await Json(project, "create", "first"))["id"]!;
        var second = (string)(await Json(project, "create", "second"))["id"]!;

        var made = await Host.Run(project, ["batch", "--json"], stdin: $"close {first} done\nupdate {second} status=in_progress assignee=bob\ncreate bug 1 \"from a batch\"\n");
        Assert.True(made.ExitCode == 0, made.ToString());
        var results = JsonNode.Parse(made.Stdout)!;
        Assert.Equal((3, "ok"), ((int)results["operations"]!, (string)results["status"]!));
        Assert.Equal(["close", "update", "create"], results["results"]!.AsArray().Select(r => (string)r!["op"]!));
        Assert.Equal("closed", (string)(await Json(project, "show", first))[0]!["status"]!);

        var script = Path.Combine(project, "ops.txt");
        await File.WriteAllTextAsync(script, $"update {second} title=renamed\nclose bat-nope\n");
        var refused = await Expect(project, ["batch", "-f", script], 1, "line 2 (close)");
        Assert.Contains("nothing in the batch was changed", refused.Stderr);
        Assert.Equal("second", (string)(await Json(project, "show", second))[0]!["title"]!);
        await Expect(project, ["batch", "-f", script, "--dry-run"], 0, "");
        await File.WriteAllTextAsync(script, "list --all\n");
        await Expect(project, ["batch", "-f", script], 2, "batch line 1 (list --all): 'list' is not a batch operation");
    }

    [SkippableFact]
    public async Task Doctor_checks_the_system_and_the_data_and_mends_what_it_safely_can()
    {
        RequireBinaries();
        var project = await NewRig("doctor", "doc");
        // (A link to an issue that is gone cannot be made through bd, which refuses one on import too: the domain tests
        // make one to check that it is found and removed.)
        await Ok(project, "create", "Real work", "-d", "with a description long enough");
        await Ok(project, "create", "test-login flow");
        await Ok(project, "sync", "--flush-only");

        // beads-mcp's two lines, in beads' shapes.
        var validate = await Bd(project, "doctor", "--check=validate", "--json");
        Assert.True(validate.ExitCode == 1, validate.ToString());
        var checks = JsonNode.Parse(validate.Stdout)!["checks"]!.AsArray();
        Assert.Equal(["Duplicate Issues", "Orphaned Dependencies", "Test Pollution", "Git Conflicts"], checks.Select(c => (string)c!["name"]!));
        Assert.Equal(("ok", "warning"), ((string)checks[1]!["status"]!, (string)checks[2]!["status"]!));
        var pollution = await Json(project, "doctor", "--check=pollution");
        Assert.Equal(1, (int)pollution["polluted_count"]!);
        await Expect(project, ["doctor", "--check=pollution", "--clean"], 2, "add --yes");
        var cleaned = await Json(project, "doctor", "--check=pollution", "--clean", "--yes");
        Assert.Equal(1, (int)cleaned["deleted"]!);
        Assert.Contains("test-login flow", await File.ReadAllTextAsync((string)cleaned["backup"]!));

        Assert.Equal(0, (await Bd(project, "doctor", "--check=validate")).ExitCode);
        Assert.Contains("No orphaned dependencies", (await Ok(project, "doctor", "--fix", "--verbose")).Stdout);

        // Everything else: the host, the store, the registry, the JSONL and the SQL tables, once the writers caught up.
        JsonNode report = null!;
        await Poll.Until(async () =>
        {
            await Ok(project, "sync", "--flush-only");
            report = await Json(project, "doctor");
            return (bool)report["overall_ok"]!;
        }, TimeSpan.FromSeconds(30), "a clean bill of health");
        Assert.Equal(["Host", "Store", "Rig registry", "Duplicate Issues", "Orphaned Dependencies", "Test Pollution", "Git Conflicts", "JSONL", "SQL tables"],
            report["checks"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.NotNull(report["cli_version"]);
        await Expect(project, ["doctor", "--check=colour"], 2, "the checks are validate and pollution");
    }

    [SkippableFact]
    public async Task Quiet_prints_only_errors_and_directory_runs_in_another_folder()
    {
        RequireBinaries();
        var project = await NewRig("quiet", "qui");
        var elsewhere = Host.NewProject("elsewhere");

        var quiet = await Ok(elsewhere, "-C", project, "-q", "create", "from elsewhere");
        Assert.Equal("", quiet.Stdout);
        Assert.Equal("from elsewhere", (string)Assert.Single((await Json(project, "list")).AsArray())!["title"]!);

        await Expect(elsewhere, ["-C", "/no/such/folder", "list"], 2, "cannot use -C directory '/no/such/folder'");
    }

    [SkippableFact]
    public async Task Gas_Towns_routing_finds_the_rig_through_BEADS_DIR_a_worktrees_redirect_and_repo()
    {
        RequireBinaries();
        var rig = await NewRig("gt-route", "gtr");
        var town = Host.NewProject("gt-town");

        // BEADS_DIR names the rig's .beads wherever bd runs.
        var beadsDir = new Dictionary<string, string> { ["BEADS_DIR"] = Path.Combine(rig, ".beads") };
        var made = await Host.Run(town, ["create", "via BEADS_DIR", "--silent"], beadsDir);
        Assert.True(made.ExitCode == 0, made.ToString());

        // A crew worktree: its .beads holds only a redirect, relative to the worktree, to the rig's.
        var crew = Directory.CreateDirectory(Path.Combine(rig, "crew", "max")).FullName;
        Directory.CreateDirectory(Path.Combine(crew, ".beads"));
        File.WriteAllText(Path.Combine(crew, ".beads", "redirect"), "../../.beads\n");
        Assert.Equal("via BEADS_DIR", (string)Assert.Single((await Json(crew, "list")).AsArray())!["title"]!);

        // create --repo: the rig of another folder.
        var other = await Ok(town, "create", "--repo", rig, "--title=via repo", "--silent");
        Assert.StartsWith("gtr-", other.Stdout.Trim());
        // gt creates in another rig with --repo while BEADS_DIR still names the caller's own .beads: --repo wins.
        var hq = await NewRig("gt-hq", "gth");
        var hqDir = new Dictionary<string, string> { ["BEADS_DIR"] = Path.Combine(hq, ".beads") };
        var routed = await Host.Run(town, ["create", "--repo", rig, "--title=from hq", "--silent"], hqDir);
        Assert.True(routed.ExitCode == 0, routed.ToString());
        Assert.StartsWith("gtr-", routed.Stdout.Trim());

        var broken = Host.NewProject("gt-broken");
        Directory.CreateDirectory(Path.Combine(broken, ".beads"));
        File.WriteAllText(Path.Combine(broken, ".beads", "redirect"), "../nowhere/.beads\n");
        await Expect(broken, ["list"], 1, "redirect points at");
    }

    [SkippableFact]
    public async Task Gas_Towns_convoys_in_the_town_rig_track_issues_of_other_rigs()
    {
        RequireBinaries();
        var town = await NewRig("gt-convoy-town", "gtq");
        var rig = await NewRig("gt-convoy-rig", "gtw");
        var work = await Create(rig, "polecat work");
        var more = await Create(rig, "more work");
        var convoy = (string)(await Json(town, "create", "--type=task", "--id=gtq-cv-abc", "--title=Convoy", "--force"))["id"]!;

        // gt's fallback: bd dep add <convoy> <issue of another rig> --type=tracks, run in the town.
        var added = await Json(town, "dep", "add", convoy, work, "--type=tracks");
        Assert.Equal($"external:gtw:{work}", (string)added["depends_on_id"]!);
        await Ok(town, "dep", "add", convoy, $"external:gtw:{more}", "--type=tracks");

        // Both come back as the issues themselves, by their own ids, as gt reads them (it strips external:p: too).
        var tracked = (await Json(town, "dep", "list", convoy, "--direction=down", "--type=tracks")).AsArray();
        Assert.Equal(new[] { work, more }.Order(StringComparer.Ordinal), tracked.Select(t => (string)t!["id"]!).Order(StringComparer.Ordinal));
        Assert.All(tracked, t => Assert.Equal("tracks", (string)t!["dependency_type"]!));
        Assert.Equal("polecat work", (string)tracked.Single(t => (string)t!["id"]! == work)!["title"]!);
        var shown = (await Show(town, convoy))["dependencies"]!.AsArray();
        Assert.Equal(2, shown.Count(d => (string)d!["dependency_type"]! == "tracks"));

        // An id the other rig does not hold is refused there, and another rig's issue cannot be a parent.
        await Expect(town, ["dep", "add", convoy, "gtw-nope", "--type=tracks"], 1, "no issue found");
        await Expect(town, ["dep", "add", convoy, work, "--type=parent-child"], 1, "across rigs");
        await Expect(town, ["dep", "add", convoy, "external:gtw", "--type=tracks"], 1, "is not an external reference");

        await Ok(town, "dep", "remove", convoy, work);
        Assert.Equal([more], (await Json(town, "dep", "list", convoy, "--type=tracks")).AsArray().Select(t => (string)t!["id"]!));
    }

    [SkippableFact]
    public async Task Gas_Towns_create_update_dep_and_comment_variants_work()
    {
        RequireBinaries();
        var project = await NewRig("gt-variants", "gtv");

        // A convoy id of the town's prefix is kept with --force; without it, refused.
        Assert.Equal(1, (await Bd(project, "create", "--type=task", "--id=hq-cv-abc", "--title=Convoy")).ExitCode);
        Assert.Equal("hq-cv-abc", (string)(await Json(project, "create", "--type=task", "--id=hq-cv-abc", "--title=Convoy", "--force"))["id"]!);

        // --body-file=- reads the description from standard input; --label is --labels' other name.
        var body = await Host.Run(project, ["create", "--title=From stdin", "--body-file=-", "--label=gt:task", "--json"], stdin: "line one\nline two\n");
        var fromStdin = JsonNode.Parse(body.Stdout)!;
        Assert.Equal("line one\nline two", (string)fromStdin["description"]!);
        var child = (string)fromStdin["id"]!;

        // Reparent, metadata keys, a note and comments.
        var epic = (string)(await Json(project, "create", "Epic", "-t", "epic"))["id"]!;
        var task = (string)(await Json(project, "create", "Task"))["id"]!;
        await Ok(project, "update", task, "--parent", epic, "--set-metadata=delegated_from={\"by\":\"gtv-x\"}");
        var moved = await Show(project, task);
        Assert.Equal("gtv-x", (string)moved["metadata"]!["delegated_from"]!["by"]!);
        Assert.Contains(task, (await Json(project, "dep", "list", epic, "--direction=up", "-t", "parent-child")).AsArray().Select(r => (string)r!["id"]!));
        Assert.Empty((await Json(project, "dep", "list", epic, "--direction=up", "-t", "blocks")).AsArray());
        await Ok(project, "update", task, "--parent", "", "--unset-metadata", "delegated_from");
        Assert.Empty((await Json(project, "dep", "list", task)).AsArray());

        Assert.Contains("Comment added to", (await Ok(project, "comment", child, "merged", "at", "noon")).Stdout);
        await Ok(project, "comments", "add", child, "second", "--author", "witness");
        var comments = (await Json(project, "comments", child)).AsArray();
        Assert.Equal(["merged at noon", "second"], comments.Select(c => (string)c!["text"]!));
        Assert.Equal("witness", (string)comments[1]!["author"]!);
        Assert.Contains("Note added to", (await Ok(project, "note", child, "remember", "this")).Stdout);
        Assert.Equal("remember this", (string)(await Show(project, child))["notes"]!);

        // Gas Town's plugin-run lookups bound the creation time.
        var anHourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEmpty((await Json(project, "list", "--all", $"--created-after={anHourAgo}")).AsArray());
        Assert.Empty((await Json(project, "list", "--all", "--created-before", "-1h")).AsArray());

        // beads' hidden --format json, and show's --id.
        var formatted = JsonNode.Parse((await Ok(project, "list", "--type=task", "--format=json")).Stdout)!.AsArray();
        Assert.Contains(formatted, issue => (string)issue!["id"]! == task);
        Assert.Equal(child, (string)(await Json(project, "show", "--id", child)).AsArray().Single()!["id"]!);
        await Expect(project, ["show"], 2, "at least one issue ID is required");

        // q takes every word as the title.
        var quick = (await Ok(project, "q", "quick", "and", "short")).Stdout.Trim();
        Assert.Equal("quick and short", (string)(await Show(project, quick))["title"]!);
    }

    [SkippableFact]
    public async Task Gas_Towns_init_flags_are_taken_and_import_takes_its_older_input_flag()
    {
        RequireBinaries();
        var folder = Host.NewProject("gt-init");

        var init = await Bd(folder, "init", "--prefix", "gti", "--server", "--server-port", "3307", "--skip-hooks", "-q");
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Equal("", init.Stdout);
        Assert.Equal("", init.Stderr); // -q: errors only
        var told = await Bd(Host.NewProject("gt-init-told"), "init", "--prefix", "gtj", "--server");
        Assert.Contains("a Beads rig lives in the Beads host's store", told.Stderr);
        Assert.Contains("rig: gti", File.ReadAllText(Path.Combine(folder, ".beads", "config.yaml")));
        // beads' tools know a beads folder by its metadata.json; beads-ui then watches the folder's own files.
        Assert.Equal("beads", (string)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, ".beads", "metadata.json")))!["backend"]!);
        Assert.Contains("last-touched", File.ReadAllText(Path.Combine(folder, ".beads", ".gitignore")));

        await Ok(folder, "create", "exported");
        var file = Path.Combine(folder, "out.jsonl");
        await Ok(folder, "export", "-o", file);
        var imported = await Json(folder, "import", "-i", file, "--dry-run");
        Assert.Equal(1, (int)imported["unchanged"]!);
        Assert.Equal(2, (await Bd(folder, "import", file, "-i", file)).ExitCode);
    }

    [SkippableFact]
    public async Task Gas_Towns_config_lines_keep_its_keys_and_its_type_lists()
    {
        RequireBinaries();
        var project = await NewRig("gt-config", "gtc");

        await Ok(project, "config", "set", "types.custom", "agent,role,rig,convoy,slot,queue,event,message,molecule,gate,merge-request");
        Assert.Contains("agent", (await Ok(project, "config", "get", "types.custom")).Stdout);
        Assert.Equal("gtc", (await Ok(project, "config", "get", "issue_prefix")).Stdout.Trim());
        Assert.Contains("Set issue_prefix = gtc", (await Ok(project, "config", "set", "issue_prefix", "gtc")).Stdout);

        var set = await Ok(project, "config", "set", "routing.mode", "explicit");
        Assert.Contains("Set routing.mode = explicit", set.Stdout);
        Assert.Contains("kept for other tools", set.Stderr);
        Assert.Equal("explicit", (string)(await Json(project, "config", "list"))["routing.mode"]!);
        Assert.Contains("Unset routing.mode", (await Ok(project, "config", "unset", "routing.mode")).Stdout);
        var unsetKey = await Ok(project, "config", "get", "routing.mode");
        Assert.Equal("", unsetKey.Stdout.Trim());
        Assert.Equal("routing.mode (not set)", unsetKey.Stderr.Trim());

        // Gas Town merges status.custom: it reads the value from stdout, adds its own, and sets the list it made.
        var existing = (await Ok(project, "config", "get", "status.custom")).Stdout.Trim();
        var merged = string.Join(",", existing.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append("staged").Order());
        await Ok(project, "config", "set", "status.custom", merged);
        Assert.Equal("staged", (await Ok(project, "config", "get", "status.custom")).Stdout.Trim());

        // A sync setting leaves config.yaml when unset.
        await Ok(project, "config", "set", "flush-debounce", "2s");
        Assert.Contains("flush-debounce: 2s", File.ReadAllText(Path.Combine(project, ".beads", "config.yaml")));
        await Ok(project, "config", "unset", "flush-debounce");
        Assert.DoesNotContain("flush-debounce", File.ReadAllText(Path.Combine(project, ".beads", "config.yaml")));
    }

    [SkippableFact]
    public async Task List_and_show_count_an_issues_edges_alike()
    {
        RequireBinaries();
        var project = await NewRig("counts", "cnt");
        var epic = (string)(await Json(project, "create", "Epic", "-t", "epic"))["id"]!;
        var child = (string)(await Json(project, "create", "Child", "--parent", epic))["id"]!;
        await Ok(project, "create", "Blocked by the child", "--deps", child);

        foreach (var listed in (await Json(project, "list")).AsArray())
        {
            var shown = await Show(project, (string)listed!["id"]!);
            Assert.Equal(((int)listed["dependency_count"]!, (int)listed["dependent_count"]!),
                ((int)shown["dependency_count"]!, (int)shown["dependent_count"]!));
        }
    }

    private async Task<JsonNode> Show(string project, string id) => (await Json(project, "show", id)).AsArray()[0]!;

    private static IEnumerable<string> Labels(JsonNode issue) =>
        issue["labels"]?.AsArray().Select(label => (string)label!) ?? [];
}
