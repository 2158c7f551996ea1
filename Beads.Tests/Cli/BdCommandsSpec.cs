using System.Text.Json.Nodes;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>Every bd command against a real host, with beads' --json shapes.</summary>
public sealed class BdCommandsSpec(BdHostFixture host) : BdSpec(host)
{
    private static readonly string[] IssueKeys = ["id", "title", "status", "priority", "issue_type", "created_at", "updated_at"];

    [SkippableFact]
    public async Task Create_prints_beads_object_and_takes_every_field_flag()
    {
        RequireBinaries();
        var project = await NewRig("create", "crt");
        var parent = await Create(project, "the epic", "-t", "epic");
        var blocker = await Create(project, "blocker");

        var created = await Json(project, "create", "full issue", "-t", "bug", "-p", "P1", "-d", "why it breaks",
            "--design", "how", "--acceptance", "when done", "--notes", "n", "-a", "alice", "-l", "backend,urgent",
            "--external-ref", "gh-42", "-e", "90", "--due", "2030-01-02", "--defer", "+1d", "--metadata", "{\"k\":1}",
            "--deps", $"{blocker},discovered-from:{parent}");

        Assert.All(IssueKeys, key => Assert.NotNull(created[key]));
        Assert.Equal(1, (int)created["schema_version"]!);
        Assert.Equal("bug", (string)created["issue_type"]!);
        Assert.Equal(1, (int)created["priority"]!);
        Assert.Equal("alice", (string)created["assignee"]!);
        Assert.Equal(["backend", "urgent"], created["labels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal(90, (int)created["estimated_minutes"]!);
        Assert.Equal("2030-01-02T00:00:00Z", (string)created["due_at"]!);
        Assert.Equal(1, (int)created["metadata"]!["k"]!);
        Assert.Equal("gh-42", (string)created["external_ref"]!);
        // As beads prints a new issue: no edge rows (its MCP server reads edges as linked issues); bd show has them.
        Assert.Null(created["dependencies"]);
        var deps = (await Json(project, "show", (string)created["id"]!)).AsArray()[0]!["dependencies"]!.AsArray();
        Assert.Contains(deps, d => (string)d!["id"]! == blocker && (string)d["dependency_type"]! == "blocks");
        Assert.Contains(deps, d => (string)d!["id"]! == parent && (string)d["dependency_type"]! == "discovered-from");

        var child = await Json(project, "create", "child", "--parent", parent);
        Assert.Equal($"{parent}.1", (string)child["id"]!);
        var fromStdin = await Host.Run(project, ["create", "piped", "-d", "-", "--json"], stdin: "from stdin\n");
        Assert.Equal("from stdin", (string)JsonNode.Parse(fromStdin.Stdout)!["description"]!);
        var dryRun = await Json(project, "create", "not really", "--dry-run");
        Assert.Equal("not really", (string)dryRun["title"]!);
        Assert.DoesNotContain((await Json(project, "list", "-n", "0")).AsArray(), i => (string)i!["title"]! == "not really");
        var quick = (await Ok(project, "q", "quick one")).Stdout.Trim();
        Assert.StartsWith("crt-", quick);
        var reversed = await Json(project, "create", "blocks the blocker", "--deps", $"blocks:{blocker}");
        var blockerNow = (await Json(project, "show", blocker)).AsArray()[0]!;
        Assert.Contains(blockerNow["dependencies"]!.AsArray(), d => (string)d!["id"]! == (string)reversed["id"]!);
    }

    [SkippableFact]
    public async Task Control_characters_in_issues_are_shown_not_obeyed_and_kept_as_written()
    {
        RequireBinaries();
        var project = await NewRig("controls", "ctl");
        const string title = "evil \u001b]0;pwned\u0007 \u001b[2J title";
        var id = await Create(project, title);

        var listed = (await Ok(project, "list")).Stdout;
        Assert.Contains("evil ^[]0;pwned^G ^[[2J title", listed);
        // (ordinal: a culture-aware comparison ignores control characters)
        Assert.False(listed.Contains('\u0007') || listed.Contains('\u001b'), listed);
        var shown = (await Ok(project, "show", id)).Stdout;
        Assert.Contains("^[]0;pwned^G", shown);
        Assert.Equal(title, (string)(await Json(project, "show", id)).AsArray()[0]!["title"]!);
    }

    [SkippableFact]
    public async Task List_filters_sorts_and_prints_beads_summaries()
    {
        RequireBinaries();
        var project = await NewRig("list", "lst");
        var a = await Create(project, "alpha bug", "-t", "bug", "-p", "0", "-l", "x");
        var b = await Create(project, "beta task", "-p", "3", "-a", "bob", "-l", "x,y");
        var c = await Create(project, "gamma", "-p", "2", "--deps", a);
        await Ok(project, "close", b);

        var all = (await Json(project, "list")).AsArray();
        Assert.Equal([a, c], all.Select(i => (string)i!["id"]!));
        var first = all[0]!;
        Assert.All(["dependency_count", "dependent_count", "comment_count"], key => Assert.NotNull(first[key]));
        Assert.Equal(1, (int)first["dependent_count"]!);

        Assert.Equal([b], Ids(await Json(project, "list", "--status", "closed")));
        Assert.Equal(new[] { a, b, c }.Order(), Ids(await Json(project, "list", "--all")).Order());
        Assert.Equal([a], Ids(await Json(project, "list", "-t", "bug")));
        Assert.Equal([b], Ids(await Json(project, "list", "--all", "-a", "bob")));
        Assert.Equal([b], Ids(await Json(project, "list", "--all", "-l", "x", "-l", "y")));
        Assert.Equal(new[] { a, b }.Order(), Ids(await Json(project, "list", "--all", "--label-any", "x")).Order());
        Assert.Equal([c], Ids(await Json(project, "list", "--exclude-label", "x")));
        Assert.Equal([a], Ids(await Json(project, "list", "-p", "0")));
        Assert.Equal([c], Ids(await Json(project, "list", "--priority-min", "1", "--priority-max", "2")));
        Assert.Equal([c], Ids(await Json(project, "list", "--title-contains", "gam")));
        Assert.Equal([a], Ids(await Json(project, "list", "--id", a)));
        Assert.Equal([c, a], Ids(await Json(project, "list", "-r")));
        Assert.Single((await Json(project, "list", "-n", "1")).AsArray());
        Assert.Equal([c, a], Ids(await Json(project, "list", "--sort", "created")));
        Assert.Contains("alpha bug", (await Ok(project, "list")).Stdout);
        Assert.Equal(new[] { a, b }.Order(), Ids(await Json(project, "search", "a")).Where(id => id != c).Order());
    }

    [SkippableFact]
    public async Task Show_update_close_and_reopen_print_beads_arrays()
    {
        RequireBinaries();
        var project = await NewRig("lifecycle", "lfc");
        var blocker = await Create(project, "blocker");
        var issue = await Create(project, "the issue", "--deps", blocker);

        var shown = (await Json(project, "show", issue, blocker)).AsArray();
        Assert.Equal(2, shown.Count);
        Assert.Equal(blocker, (string)shown[0]!["dependencies"]![0]!["id"]!);
        Assert.Equal("blocks", (string)shown[0]!["dependencies"]![0]!["dependency_type"]!);
        Assert.Equal(1, (int)shown[0]!["dependency_count"]!);
        Assert.Equal(issue, (string)shown[1]!["dependents"]![0]!["id"]!);

        var updated = (await Json(project, "update", issue, "--title", "renamed", "-p", "1", "--status", "in_progress",
            "--append-notes", "line 1", "--add-label", "a", "--add-label", "b", "--remove-label", "b", "-t", "feature")).AsArray().Single()!;
        Assert.Equal("renamed", (string)updated["title"]!);
        Assert.Equal("in_progress", (string)updated["status"]!);
        Assert.NotNull(updated["started_at"]);
        Assert.Equal("line 1", (string)updated["notes"]!);
        Assert.Equal(["a"], updated["labels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal("feature", (string)updated["issue_type"]!);
        var relabeled = (await Json(project, "update", issue, "--set-labels", "x,y")).AsArray().Single()!;
        Assert.Equal(["x", "y"], relabeled["labels"]!.AsArray().Select(l => (string)l!));

        var refused = await Bd(project, "close", issue);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Stderr);
        var closed = (await Json(project, "close", issue, "-f", "-r", "forced")).AsArray().Single()!;
        Assert.Equal("closed", (string)closed["status"]!);
        Assert.Equal("forced", (string)closed["close_reason"]!);
        Assert.NotNull(closed["closed_at"]);
        var reopened = (await Json(project, "reopen", issue)).AsArray().Single()!;
        Assert.Equal("open", (string)reopened["status"]!);
        Assert.Null(reopened["closed_at"]);
        var both = (await Json(project, "close", issue, blocker, "--force")).AsArray();
        Assert.Equal(2, both.Count);
        Assert.Contains("renamed", (await Ok(project, "show", issue)).Stdout);
    }

    [SkippableFact]
    public async Task Delete_previews_without_force_then_removes_for_good_and_the_jsonl_follows()
    {
        RequireBinaries();
        var project = await NewRig("deleting", "del");
        var doomed = await Create(project, "doomed");
        var dependent = await Create(project, "dependent", "--deps", doomed, "-d", $"needs {doomed} first");

        var preview = await Ok(project, "delete", doomed);
        Assert.Contains("DELETE PREVIEW", preview.Stdout);
        Assert.Contains($"{dependent} → {doomed} (blocks)", preview.Stdout);
        Assert.Contains($"bd delete {doomed} --force", preview.Stdout);
        Assert.Equal("doomed", (string)(await Json(project, "show", doomed)).AsArray().Single()!["title"]!);

        var deleted = await Json(project, "delete", doomed, "--force", "--reason", "duplicate");
        Assert.Equal(doomed, (string)deleted["deleted"]!);
        Assert.Equal(1, (int)deleted["dependencies_removed"]!);
        Assert.Equal(1, (int)deleted["references_updated"]!);
        await Expect(project, ["show", doomed], 1, "no issue found");
        var orphan = (await Json(project, "show", dependent)).AsArray().Single()!;
        Assert.Equal($"needs [deleted:{doomed}] first", (string)orphan["description"]!);
        Assert.Null(orphan["dependencies"]);

        var child = await Create(project, "child", "--parent", dependent);
        File.WriteAllText(Path.Combine(project, "ids.txt"), $"# to go\n{dependent}\n\n");
        var cascaded = await Json(project, "delete", "--from-file", "ids.txt", "--cascade", "--hard", "--force");
        Assert.Equal(new[] { dependent, child }.Order(StringComparer.Ordinal), cascaded["deleted"]!.AsArray().Select(id => (string)id!));
        Assert.Equal(2, (int)cascaded["deleted_count"]!);

        await Ok(project, "sync", "--flush-only");
        Assert.Equal("", File.ReadAllText(Path.Combine(project, ".beads", "issues.jsonl")).Trim());
        await Expect(project, ["delete", "del-nope", "--force"], 1, "no issue found");
        await Expect(project, ["delete"], 2, "no issue IDs provided");
    }

    [SkippableFact]
    public async Task Dependencies_labels_and_comments_have_their_commands()
    {
        RequireBinaries();
        var project = await NewRig("links", "lnk");
        var a = await Create(project, "a");
        var b = await Create(project, "b");

        var added = await Json(project, "dep", "add", a, b);
        Assert.Equal("added", (string)added["status"]!);
        Assert.Equal(a, (string)added["issue_id"]!);
        Assert.Equal(b, (string)added["depends_on_id"]!);
        Assert.Equal("blocks", (string)added["type"]!);
        Assert.Equal([b], Ids(await Json(project, "dep", "list", a)));
        Assert.Equal([a], Ids(await Json(project, "dep", "list", b, "--reverse")));
        var tree = (await Json(project, "dep", "tree", a)).AsArray();
        Assert.Equal([0, 1], tree.Select(n => (int)n!["depth"]!));
        Assert.Empty((await Json(project, "dep", "cycles")).AsArray());
        var cycle = await Bd(project, "dep", "add", b, a);
        Assert.Equal(1, cycle.ExitCode);
        Assert.Contains("cycle", cycle.Stderr);
        Assert.Equal("removed", (string)(await Json(project, "dep", "remove", a, b))["status"]!);
        Assert.Empty((await Json(project, "dep", "list", a)).AsArray());

        var labelled = (await Json(project, "label", "add", a, b, "backend")).AsArray();
        Assert.Equal([a, b], labelled.Select(l => (string)l!["issue_id"]!));
        Assert.All(labelled, l => Assert.Equal("added", (string)l!["status"]!));
        Assert.Equal(["backend"], (await Json(project, "label", "list", a)).AsArray().Select(l => (string)l!));
        var counts = (await Json(project, "label", "list-all")).AsArray().Single()!;
        Assert.Equal(("backend", 2), ((string)counts["label"]!, (int)counts["count"]!));
        Assert.Equal("removed", (string)(await Json(project, "label", "remove", a, "backend")).AsArray()[0]!["status"]!);

        var comment = await Json(project, "comments", "add", a, "first thought");
        Assert.Equal("first thought", (string)comment["text"]!);
        Assert.Equal("tester", (string)comment["author"]!);
        Assert.Equal(a, (string)comment["issue_id"]!);
        var comments = (await Json(project, "comments", a)).AsArray();
        Assert.Equal("first thought", (string)comments.Single()!["text"]!);
    }

    [SkippableFact]
    public async Task Ready_stats_config_where_version_and_host_status_answer()
    {
        RequireBinaries();
        var project = await NewRig("misc", "msc");
        var a = await Create(project, "unassigned", "-p", "1");
        var b = await Create(project, "taken", "-a", "someone");
        await Create(project, "waiting", "--deps", a);

        Assert.Equal([a, b], Ids(await Json(project, "ready")));
        Assert.Equal([a], Ids(await Json(project, "ready", "-u")));
        Assert.Equal([b], Ids(await Json(project, "ready", "-a", "someone")));
        Assert.Equal([a], Ids(await Json(project, "ready", "-n", "1")));
        var claimed = (await Json(project, "ready", "--claim", "--actor", "agent-3")).AsArray().Single()!;
        Assert.Equal((a, "agent-3"), ((string)claimed["id"]!, (string)claimed["assignee"]!));

        // Nothing else is ready: a waiting claim gives up at its timeout, and one still waiting gets the next new issue.
        Assert.Empty((await Json(project, "ready", "--claim", "--wait", "--timeout", "1s")).AsArray());
        var waiting = Host.Run(project, ["ready", "--claim", "--wait", "--timeout", "60s", "--json", "--actor", "agent-4"]);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var fresh = await Create(project, "arrives while agent-4 waits");
        var woken = await waiting;
        Assert.True(woken.ExitCode == 0, woken.Stderr);
        var got = JsonNode.Parse(woken.Stdout)!.AsArray().Single()!;
        Assert.Equal((fresh, "agent-4", "in_progress"), ((string)got["id"]!, (string)got["assignee"]!, (string)got["status"]!));
        await Expect(project, ["ready", "--wait"], 2, "use it with --claim");
        await Expect(project, ["ready", "--claim", "--timeout", "5s"], 2, "use it with --claim --wait");
        await Expect(project, ["ready", "--claim", "--wait", "--timeout", "soon"], 2, "a length of time");

        var summary = (await Json(project, "stats"))["summary"]!;
        Assert.Equal(4, (int)summary["total_issues"]!);
        Assert.Equal(2, (int)summary["in_progress_issues"]!);
        Assert.Equal(1, (int)summary["blocked_issues"]!);
        Assert.All(["open_issues", "closed_issues", "deferred_issues", "ready_issues", "pinned_issues",
            "epics_eligible_for_closure", "average_lead_time_hours"], key => Assert.NotNull(summary[key]));
        Assert.Contains("Total Issues", (await Ok(project, "status")).Stdout);

        Assert.Equal("review", (string)(await Json(project, "config", "set", "status.custom", "review"))["value"]!);
        Assert.Equal("review", (string)(await Json(project, "config", "get", "status.custom"))["value"]!);
        Assert.Equal("review", (string)(await Json(project, "config", "list"))["status.custom"]!);
        await Ok(project, "update", b, "--status", "review");

        var where = await Json(project, "where");
        Assert.Equal(project, (string)where["home"]!);
        Assert.Equal("msc", (string)where["prefix"]!);
        Assert.NotNull((await Json(project, "version"))["host_version"]);
        var status = await Json(project, "host", "status");
        Assert.Equal("Up", (string)status["members"]![0]!["status"]!);
        Assert.Contains(status["members"]![0]!["rigs"]!.AsArray(), r => (string)r! == Path.GetFileName(project));
        Assert.Contains(status["rigs"]!.AsArray(), r => (string)r!["prefix"]! == "msc");
    }

    private static List<string> Ids(JsonNode array) => array.AsArray().Select(i => (string)i!["id"]!).ToList();
}
