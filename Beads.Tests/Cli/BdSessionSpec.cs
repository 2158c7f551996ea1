using System.Text.Json.Nodes;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>Whole sessions as agents run them, through the real bd and a real host.</summary>
public sealed class BdSessionSpec(BdHostFixture host) : BdSpec(host)
{
    [SkippableFact]
    public async Task An_agent_finds_work_claims_it_closes_it_and_the_next_item_becomes_ready()
    {
        RequireBinaries();
        var project = await NewRig("session", "ses");
        var schema = await Create(project, "Design the schema", "-p", "1");
        var migration = await Create(project, "Write the migration", "--deps", schema);
        var release = await Create(project, "Release", "--deps", migration);

        var ready = (await Json(project, "ready")).AsArray().Select(i => (string)i!["id"]!).ToList();
        Assert.Equal([schema], ready);

        var claimed = (await Json(project, "update", schema, "--claim", "--actor", "agent-7")).AsArray().Single()!;
        Assert.Equal("in_progress", (string)claimed["status"]!);
        Assert.Equal("agent-7", (string)claimed["assignee"]!);
        await Ok(project, "close", schema, "--reason", "done");

        ready = (await Json(project, "ready")).AsArray().Select(i => (string)i!["id"]!).ToList();
        Assert.Equal([migration], ready);
        var blocked = (await Json(project, "blocked")).AsArray().Single()!;
        Assert.Equal(release, (string)blocked["id"]!);
        Assert.Equal([migration], blocked["blocked_by"]!.AsArray().Select(b => (string)b!));
    }

    [SkippableFact]
    public async Task Twenty_parallel_creates_give_twenty_distinct_issues()
    {
        RequireBinaries();
        var project = await NewRig("parallel", "par");

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Host.Run(project, ["create", $"parallel {i}", "--silent"], new Dictionary<string, string> { ["BD_ACTOR"] = $"agent-{i}" })));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var ids = results.Select(r => r.Stdout.Trim()).ToHashSet();
        Assert.Equal(20, ids.Count);
        var listed = (await Json(project, "list", "-n", "0")).AsArray().Select(i => (string)i!["id"]!).ToHashSet();
        Assert.Equal(ids, listed);
    }

    [SkippableFact]
    public async Task Ten_parallel_claims_by_different_actors_give_exactly_one_winner()
    {
        RequireBinaries();
        var project = await NewRig("claims", "clm");
        var contested = await Create(project, "contested");

        var results = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(i => Host.Run(project, ["update", contested, "--claim"], new Dictionary<string, string> { ["BD_ACTOR"] = $"agent-{i}" })));

        var winners = results.Where(r => r.ExitCode == 0).ToList();
        Assert.Single(winners);
        var holder = (string)(await Json(project, "show", contested)).AsArray()[0]!["assignee"]!;
        Assert.All(results.Where(r => r.ExitCode != 0), loser =>
        {
            Assert.Equal(1, loser.ExitCode);
            Assert.Contains($"already claimed by {holder}", loser.Stderr);
        });
    }

    [SkippableFact]
    public async Task Bd_starts_a_host_when_none_answers_and_refuses_clearly_when_told_not_to()
    {
        RequireBinaries();
        var folder = Host.NewProject("autostart");
        var socket = Path.Combine(folder, "sock", "bd.sock");
        var environment = new Dictionary<string, string>
        {
            ["BD_HOST"] = $"unix://{socket}",
            ["BD_NO_AUTO_START"] = "",
            ["BEADS_DATA_DIR"] = Path.Combine(folder, "data"),
            ["BD_HOST_COMMAND"] = RepositoryPaths.Host,
        };

        var refused = await Host.Run(folder, ["--rig", "anything", "list"], new Dictionary<string, string>(environment) { ["BD_NO_AUTO_START"] = "1" });
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("bd host start", refused.Stderr);
        // The log of earlier hosts is full: the new host begins a new one.
        var log = Path.Combine(folder, "sock", "host.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(log, new string('x', (int)Beads.Cli.Connection.HostConnector.LogLimit + 1));

        var init = await Host.Run(folder, ["init", "--prefix", "auto"], environment);
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(File.Exists(socket));
        Assert.Equal(Beads.Cli.Connection.HostConnector.LogLimit + 1, new FileInfo($"{log}.1").Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
        var created = await Host.Run(folder, ["create", "after auto-start", "--silent"], environment);
        Assert.StartsWith("auto-", created.Stdout.Trim());
        for (var n = 0; n < 5; n++) await Host.Run(folder, ["list"], environment);
        Assert.DoesNotContain("Request finished", await File.ReadAllTextAsync(log)); // requests add nothing to the log

        var stop = await Host.Run(folder, ["host", "stop"], environment);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("stopped", stop.Stdout);
    }

    [SkippableFact]
    public async Task An_id_leads_to_its_rig_by_prefix_from_anywhere()
    {
        RequireBinaries();
        var project = await NewRig("routing", "rte");
        var id = await Create(project, "find me by prefix");
        var elsewhere = Host.NewProject("elsewhere");

        var shown = JsonNode.Parse((await Ok(elsewhere, "show", id, "--json")).Stdout)!.AsArray().Single()!;

        Assert.Equal("find me by prefix", (string)shown["title"]!);
        var noRig = await Bd(elsewhere, "list");
        Assert.Equal(1, noRig.ExitCode);
        Assert.Contains("bd init", noRig.Stderr);
    }
}
