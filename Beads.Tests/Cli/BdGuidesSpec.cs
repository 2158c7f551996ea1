using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Cli;

/// <summary>help, quickstart, onboard and prime: beads' words where its scripts match them, and no advice bd cannot follow.</summary>
public sealed partial class BdGuidesSpec(BdHostFixture host, ITestOutputHelper output) : BdSpec(host)
{
    /// <summary>About four characters a token for English text and markdown, the usual rule of thumb for LLM tokenisers.</summary>
    private static int Tokens(string text) => (text.Length + 3) / 4;

    [SkippableFact]
    public async Task Help_lists_the_commands_in_cobras_words_and_explains_one()
    {
        RequireBinaries();
        var folder = Host.NewProject("help");

        var help = (await Ok(folder, "help")).Stdout;
        Assert.All(["Usage:", "Available Commands:", "  create", "  list", "  show", "Flags:", "--json"], text => Assert.Contains(text, help));
        Assert.Contains("bd dep add <issue> <depends-on>", (await Ok(folder, "help", "dep", "add")).Stdout);
        await Expect(folder, ["help", "nope"], 2, "unknown command \"nope\"");

        var quickstart = (await Ok(folder, "quickstart")).Stdout;
        Assert.All(["Dependency-Aware", "bd init", "bd create"], text => Assert.Contains(text, quickstart));
        Assert.Contains("## Issue Tracking", (await Ok(folder, "onboard")).Stdout);
    }

    [SkippableFact]
    public async Task The_primer_is_short_by_default_and_a_projects_prime_md_replaces_it()
    {
        RequireBinaries();
        var project = await NewRig("prime", "pri");

        var primer = (await Ok(project, "prime")).Stdout;
        var full = (await Ok(project, "prime", "--full")).Stdout;
        var mcp = (await Ok(project, "prime", "--mcp")).Stdout;
        output.WriteLine($"bd prime: {Tokens(primer)} tokens; --full: {Tokens(full)}; --mcp: {Tokens(mcp)} (characters / 4)");
        Assert.InRange(Tokens(primer), 100, 1_500);
        Assert.True(Tokens(full) > Tokens(primer) && Tokens(mcp) < Tokens(primer));
        Assert.Contains("bd ready --json", primer);

        var hook = JsonNode.Parse((await Ok(project, "prime", "--hook-json")).Stdout)!;
        Assert.Equal(("SessionStart", primer.TrimEnd('\n')), ((string)hook["hookSpecificOutput"]!["hookEventName"]!, (string)hook["hookSpecificOutput"]!["additionalContext"]!));

        File.WriteAllText(Path.Combine(project, ".beads", "PRIME.md"), "Our own workflow.\n");
        Assert.Equal("Our own workflow.", (await Ok(project, "prime")).Stdout.Trim());
        Assert.Equal(primer, (await Ok(project, "prime", "--export")).Stdout);
        await Expect(project, ["prime", "--full", "--mcp"], 2, "not both");
    }

    [SkippableFact]
    public async Task Every_command_the_guides_name_is_one_bd_has()
    {
        RequireBinaries();
        var folder = Host.NewProject("guides");
        var texts = new List<string>();
        foreach (var guide in new[] { new[] { "prime" }, ["prime", "--full"], ["prime", "--mcp"], ["quickstart"], ["onboard"] })
            texts.Add((await Ok(folder, guide)).Stdout);

        var named = texts.SelectMany(text => CommandInText().Matches(text)).Select(match => match.Groups[1].Value.Split(' ')).ToList();
        Assert.NotEmpty(named);
        foreach (var words in named.DistinctBy(words => string.Join(' ', words)))
        {
            // "bd dep add" names a subcommand; "bd show <id>" names show: the longest prefix that is a command must exist.
            var help = await Bd(folder, [.. words, "--help"]);
            if (help.ExitCode != 0) help = await Bd(folder, words[0], "--help");
            Assert.True(help.ExitCode == 0, $"the guides name `bd {string.Join(' ', words)}`, which bd does not have: {help}");
        }
    }

    /// <summary>"bd" and the one or two lowercase words after it, in a guide's text.</summary>
    [GeneratedRegex(@"\bbd ((?:[a-z][a-z-]*)(?: [a-z][a-z-]+)?)")]
    private static partial Regex CommandInText();
}
