using System.CommandLine;
using Beads.Cli;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>bd's command line: a token that looks like a flag is a flag of its command or a usage error, never data.</summary>
public class StrictArgumentsTests
{
    private static (ParseResult Parse, string? Problem) Parse(params string[] args) => BdCommandLine.Parse(BdCommandLine.Root(), args);

    private static string Problem(params string[] args) => Parse(args).Problem ?? throw new Xunit.Sdk.XunitException("expected a usage error");

    private static ParseResult Ok(params string[] args)
    {
        var (parse, problem) = Parse(args);
        Assert.True(problem is null, problem);
        return parse;
    }

    [Fact]
    public void An_unknown_flag_is_named_with_the_nearest_known_one_wherever_it_stands()
    {
        Assert.StartsWith("unknown flag: --bogus for `bd create`", Problem("create", "--json", "--title=Toast", "--bogus"));
        Assert.StartsWith("unknown flag: --descripton for `bd create` (did you mean --description?)", Problem("create", "t", "--descripton", "x"));
        Assert.StartsWith("unknown flag: --sesion for `bd close`", Problem("close", "bd-1", "--reason=R", "--sesion=S"));
        Assert.StartsWith("unknown shorthand flag: 'z' in -z for `bd list`", Problem("list", "-z"));
        Assert.StartsWith("unknown flag: --bogus for `bd dep add`", Problem("dep", "add", "bd-1", "bd-2", "--bogus"));
        // Gas Town's probes: a flag bd does not have must say so in cobra's words.
        Assert.Contains("unknown flag: --allow-stale", Problem("--allow-stale", "version"));
    }

    [Fact]
    public void A_flag_like_value_after_a_flag_is_refused_with_how_to_give_it()
    {
        Assert.EndsWith("to give --reason a value that begins with '-', write --reason=--done", Problem("close", "bd-1", "--reason", "--done"));
        Assert.Equal(["--done"], Ok("close", "bd-1", "--reason=--done").GetValue<string[]>("--reason")!);
    }

    [Fact]
    public void Values_are_taken_with_equals_or_apart_and_an_empty_value_is_a_value()
    {
        Assert.Equal("Toast", Ok("create", "--title=Toast").GetValue<string>("--title"));
        Assert.Equal("Toast", Ok("create", "--title", "Toast").GetValue<string>("--title"));
        Assert.Equal("", Ok("update", "bd-1", "--assignee=").GetValue<string>("--assignee"));
        Assert.Equal("", Ok("update", "bd-1", "--assignee", "").GetValue<string>("--assignee"));
        Assert.Equal("1", Ok("create", "x", "-p1").GetValue<string>("--priority"));
    }

    [Fact]
    public void Text_that_only_starts_with_a_dash_or_an_at_sign_is_text()
    {
        Assert.Equal("-dash title", Ok("create", "--", "-dash title").GetValue<string>("title"));
        Assert.Equal("-x", Ok("create", "--", "-x").GetValue<string>("title"));
        Assert.Equal("- first item", Ok("create", "t", "-d", "- first item").GetValue<string>("--description"));
        Assert.Equal("@mention", Ok("create", "@mention").GetValue<string>("title"));
        Assert.Equal("-1", Ok("create", "t", "--notes", "-1").GetValue<string>("--notes"));
    }

    [Fact]
    public void Format_json_is_json_and_another_format_is_refused()
    {
        Assert.Null(Parse("list", "--format=json").Problem);
        Assert.Contains("--format dot: bd prints JSON", Problem("list", "--format", "dot"));
    }

    [Fact]
    public void An_unknown_command_is_named_in_cobras_words_before_its_flags()
    {
        Assert.Equal("unknown command \"frobnicate\" for \"bd\"; run 'bd --help' for usage", Problem("frobnicate"));
        Assert.StartsWith("unknown command \"lst\" for \"bd\" (did you mean list?)", Problem("lst", "--json"));
        Assert.StartsWith("unknown command \"ad\" for \"bd dep\" (did you mean add?)", Problem("dep", "ad", "x", "y"));
    }
}
