using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>help, quickstart, onboard, prime: what an agent or a newcomer reads first. Only prime asks the host, for the rig's memories.</summary>
public static class GuideCommands
{
    public static IEnumerable<Command> All(RootCommand root) => [Help(root), Quickstart(), Onboard(), Prime()];

    /// <summary>beads' (cobra's) help: the commands and global flags, or one command's own help.</summary>
    private static Command Help(RootCommand root)
    {
        var words = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore, Description = "The command to explain, such as create or dep add" };
        return new Command("help", "Help about any command") { words }.With(async run =>
        {
            if (run.Value(words) is not { Length: > 0 } command)
            {
                run.PrintPlain(Overview(root));
                return ExitCodes.Ok;
            }
            var (parse, problem) = BdCommandLine.Parse(BdCommandLine.Root(), [.. command, "--help"]);
            if (problem is not null) throw CliException.Usage(problem);
            return await parse.InvokeAsync();
        });
    }

    private static string Overview(RootCommand root)
    {
        var width = root.Subcommands.Max(command => command.Name.Length) + 2;
        var flags = root.Options.Where(option => !option.Hidden).ToList();
        var flagWidth = flags.Max(option => FlagNames(option).Length) + 2;
        return string.Join('\n',
        [
            root.Description!, "", "Usage:", "  bd [command]", "", "Available Commands:",
            .. root.Subcommands.Where(command => !command.Hidden).OrderBy(command => command.Name, StringComparer.Ordinal)
                .Select(command => $"  {command.Name.PadRight(width)}{command.Description}"),
            "", "Flags:",
            .. flags.Select(option => $"  {FlagNames(option).PadRight(flagWidth)}{option.Description}"),
            "", "Use \"bd [command] --help\" for more information about a command.",
        ]);
    }

    private static string FlagNames(Option option) =>
        string.Join(", ", option.Aliases.Where(alias => alias.Length == 2).Append(option.Name).Distinct());

    private static Command Quickstart() =>
        new Command("quickstart", "A quick guide to bd: set up, create work, dependencies, ready work").With(run => run.PrintPlain(Guide("quickstart")));

    private static Command Onboard() =>
        new Command("onboard", "The lines to add to AGENTS.md so that agents use bd").With(run => run.PrintPlain(Guide("onboard")));

    private static Command Prime()
    {
        var full = Flags.Switch("--full", "The whole command reference, not the short workflow");
        var mcp = Flags.Switch("--mcp", "The few lines an agent that uses the beads MCP tools needs");
        var stealth = Flags.Switch("--stealth", "Accepted for beads' hooks: the primer never asks an agent to run git (the host syncs)");
        var export = Flags.Switch("--export", "The built-in primer, even where a PRIME.md replaces it");
        var hookJson = Flags.Switch("--hook-json", "Wrapped in the SessionStart hook's JSON (Claude Code, Gemini CLI, Codex)");
        var memoriesOnly = Flags.Switch("--memories-only", "Only the rig's memories (bd remember), for a compact hook");
        var command = new Command("prime", "The workflow an agent needs at the start of a session, and the rig's memories (.beads/PRIME.md replaces the workflow)")
        {
            full, mcp, stealth, export, hookJson, memoriesOnly,
        };
        return command.With(async run =>
        {
            if (run.Value(full) && run.Value(mcp)) throw CliException.Usage("give --full or --mcp, not both");
            string text;
            if (run.Value(memoriesOnly))
                text = await MemoriesSection(run, compact: false) is { Length: > 0 } memories
                    ? $"# Beads Persistent Memories\n{memories}"
                    : "# Beads Persistent Memories\n\nNo memories stored. Use `bd remember \"insight\"` to add one.";
            else
                text = ((run.Value(export) ? null : Override()) ?? Guide(run.Value(full) ? "prime-full" : run.Value(mcp) ? "prime-mcp" : "prime"))
                       + (run.Value(export) ? "" : await MemoriesSection(run, compact: run.Value(mcp)));
            run.PrintPlain(run.Value(hookJson) ? HookJson(text) : text);
        });
    }

    /// <summary>
    /// The rig's memories after the primer, as beads adds them (one line each in the compact form MCP users get);
    /// nothing where there is no rig or no memory. A host that cannot be reached is said in the section, so that a
    /// session-start hook still gets its primer.
    /// </summary>
    private static async Task<string> MemoriesSection(Invocation run, bool compact)
    {
        if (RigConfigFile.FindFrom(Environment.CurrentDirectory) is null && Environment.GetEnvironmentVariable("BD_RIG") is not { Length: > 0 })
            return "";
        ImmutableDictionary<string, string> memories;
        try
        {
            memories = await KeyValueCommands.Memories(run);
        }
        catch (CliException e)
        {
            return $"\n\n## Persistent Memories\n\nSkipped: {e.Message}";
        }
        if (memories.IsEmpty) return "";
        var keys = memories.Keys.Order(StringComparer.Ordinal).ToList();
        return compact
            ? "\n\n## Memories\n" + string.Join("\n", keys.Select(key => $"- **{key}**: {KeyValueCommands.Shorten(memories[key], 150)}"))
            : $"\n\n## Persistent Memories ({keys.Count})\n\nStored with `bd remember`; update one with `bd remember --key <key> \"new content\"`, " +
              "search with `bd memories <word>`, remove one with `bd forget <key>`.\n\n" +
              string.Join("\n\n", keys.Select(key => $"### {key}\n{memories[key]}"));
    }

    /// <summary>
    /// A project's own primer, as beads looks for it: .beads/PRIME.md here, then in the rig's canonical .beads (a
    /// worktree's redirect, BEADS_DIR), then ~/.config/beads/PRIME.md.
    /// </summary>
    private static string? Override()
    {
        string?[] candidates =
        [
            Path.Combine(BeadsFolder.In(Environment.CurrentDirectory), PrimeFile),
            RigConfigFile.FindFrom(Environment.CurrentDirectory) is { } rig ? Path.Combine(Path.GetDirectoryName(rig.Path)!, PrimeFile) : null,
            Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData) is { Length: > 0 } config ? Path.Combine(config, "beads", PrimeFile) : null,
        ];
        return candidates.OfType<string>().FirstOrDefault(File.Exists) is { } path ? File.ReadAllText(path).TrimEnd('\n') : null;
    }

    private const string PrimeFile = "PRIME.md";

    private static string HookJson(string text)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("hookSpecificOutput");
            json.WriteString("hookEventName", "SessionStart");
            json.WriteString("additionalContext", text);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One of the texts in Guides/, built into bd.</summary>
    public static string Guide(string name)
    {
        using var stream = typeof(GuideCommands).Assembly.GetManifestResourceStream($"Guides.{name}.md")
                           ?? throw new InvalidOperationException($"bd was built without Guides/{name}.md");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().TrimEnd('\n');
    }
}
