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
        var probe = await Bd(folder, "--allow-stale", "version");
        Assert.NotEqual(0, probe.ExitCode);
        Assert.Contains("unknown flag: --allow-stale", probe.Stderr);
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

        var closed = (await Json(project, "close", id, "--reason", "Completed")).AsArray();
        Assert.Equal(id, (string)Assert.Single(closed)!["id"]!);
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

        var missing = await Bd(elsewhere, "-C", "/no/such/folder", "list");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("cannot use -C directory '/no/such/folder'", missing.Stderr);
    }

    private async Task<JsonNode> Show(string project, string id) => (await Json(project, "show", id)).AsArray()[0]!;

    private static IEnumerable<string> Labels(JsonNode issue) =>
        issue["labels"]?.AsArray().Select(label => (string)label!) ?? [];
}
