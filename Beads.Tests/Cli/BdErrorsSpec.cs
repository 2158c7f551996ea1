using System.Text.Json.Nodes;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>Bad input: a clear message that says what to do, a non-zero exit, nothing else changed.</summary>
public sealed class BdErrorsSpec(BdHostFixture host) : BdSpec(host)
{
    [SkippableFact]
    public async Task Each_kind_of_bad_input_gets_a_clear_message_and_a_non_zero_exit()
    {
        RequireBinaries();
        var project = await NewRig("errors", "err");
        await Create(project, "first");
        await Create(project, "second");

        await Expect(project, ["list", "--bogus"], 2, "--bogus");
        await Expect(project, ["create", "too urgent", "-p", "7"], 1, "0 (highest) to 4");
        await Expect(project, ["create", "wordy", "-p", "high"], 2, "P0 to P4");
        await Expect(project, ["show", "err-zzzz"], 1, "no issue");
        await Expect(project, ["show", "err-"], 1, "matches 2 issues");
        await Expect(project, ["create"], 2, "title required");
        // beads' own CLI scripts match these words.
        await Expect(project, ["create", ""], 1, "title is required");
        await Expect(project, ["create", "negative", "--estimate", "-5"], 1, "estimate must be a non-negative");
        await Expect(project, ["create", "undated", "--due", "not-a-date"], 2, "invalid --due format");
        await Expect(project, ["--rig", "no-such-rig", "list"], 1, "not initialised");
        await Expect(project, ["update", "err-zzzz", "--status", "open"], 1, "no issue");
        await Expect(project, ["create", "odd", "-t", "spaceship"], 1, "valid types are");
        await Expect(project, ["update", (await Create(project, "third")), "--status", "sideways"], 1, "valid statuses are");
        await Expect(project, ["init", "--rig", "another", "--prefix", "ano"], 1, "already holds rig");
        await Expect(project, ["--rig", "../../x", "list"], 1, "cannot name a rig");
        await Expect(project, ["import", "/no/such/file.jsonl"], 1, "cannot read /no/such/file.jsonl: its folder does not exist");

        Assert.Equal(3, (await Json(project, "list")).AsArray().Count);
    }

    [SkippableFact]
    public async Task The_rig_named_in_config_yaml_is_read_as_YAML_and_a_broken_file_is_named()
    {
        RequireBinaries();
        var project = await NewRig("yamlrig", "yml");
        await Create(project, "first");
        var (config, rig) = (Beads.Protocol.BeadsFolder.ConfigIn(project), Path.GetFileName(project));

        // Quoted values, comments and a nested block, as a hand or another tool may leave them.
        File.WriteAllText(config, $"# edited by hand\nrig: \"{rig}\"   # the rig\nsync:\n  mode: git-portable\nprefix: 'yml'\n");
        Assert.Single((await Json(project, "list")).AsArray());

        File.WriteAllText(config, $"rig: {rig}\nprefix: [yml\n");
        await Expect(project, ["list"], 1, $"{config} could not be read");
        File.WriteAllText(config, "sync:\n  mode: realtime\n");
        await Expect(project, ["list"], 1, "does not name its rig");
    }

    [SkippableFact]
    public async Task A_bad_host_address_or_token_in_the_environment_is_named_without_a_stack_trace()
    {
        RequireBinaries();
        var folder = Host.NewProject("environment");

        var badHost = await Host.Run(folder, ["--rig", "any", "list"], new Dictionary<string, string> { ["BD_HOST"] = "tcp://nowhere" });
        Assert.Equal(2, badHost.ExitCode);
        Assert.Contains("BD_HOST: 'tcp://nowhere' is not a TCP address: write it as tcp://host:port", badHost.Stderr);
        var emptyEntry = await Host.Run(folder, ["--rig", "any", "list"], new Dictionary<string, string> { ["BD_HOST"] = $"unix://{Host.Socket},," });
        Assert.Equal(2, emptyEntry.ExitCode);
        Assert.Contains("has an empty entry", emptyEntry.Stderr);
        var badToken = await Host.Run(folder, ["--rig", "any", "list"], new Dictionary<string, string> { ["BD_TOKEN"] = "abc\ndef" });
        Assert.Equal(2, badToken.ExitCode);
        Assert.Contains("BD_TOKEN holds a line break", badToken.Stderr);
        Assert.All(new[] { badHost, emptyEntry, badToken }, result => Assert.DoesNotContain("   at ", result.Stderr));
    }

    [SkippableFact]
    public async Task With_json_an_error_is_a_json_object_on_stderr()
    {
        RequireBinaries();
        var project = await NewRig("jsonerr", "jse");

        var result = await Bd(project, "show", "jse-nope", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var error = JsonNode.Parse(result.Stderr)!;
        Assert.Contains("no issue", (string)error["error"]!);
        Assert.Equal("not_found", (string)error["code"]!);
    }
}
