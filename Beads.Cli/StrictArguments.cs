using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Beads.Cli;

/// <summary>
/// The rules bd's command line keeps on top of System.CommandLine's, so that nothing is stored by accident: a token
/// that looks like a flag (<c>-x</c>, <c>--name</c>, <c>--name=value</c>, no spaces before any <c>=</c>) must be a
/// flag of the command it is given to, wherever it stands; otherwise it would become a title, an id or an option's
/// value. <c>--</c> ends the flags: what follows is taken as it is (a title may then begin with <c>-</c>), and
/// <c>--name=</c> gives the flag an empty value (<c>--assignee=</c> clears the assignee).
/// </summary>
public static partial class StrictArguments
{
    public const string EndOfFlags = "--";

    /// <summary>What bd's command line is parsed with: no response files, so <c>@name</c> is plain text as in beads.</summary>
    public static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    [GeneratedRegex(@"^--?[A-Za-z][A-Za-z0-9_.-]*(=|$)")]
    private static partial Regex FlagLike();

    /// <summary>
    /// The arguments as System.CommandLine takes them: <c>--name=</c> becomes <c>--name</c> and an empty value, which it
    /// would otherwise report as a missing value.
    /// </summary>
    public static string[] Normalize(string[] args)
    {
        var normalized = new List<string>(args.Length);
        var flagsEnded = false;
        foreach (var arg in args)
        {
            flagsEnded |= arg == EndOfFlags;
            if (!flagsEnded && arg.Length > 3 && arg.StartsWith("--", StringComparison.Ordinal) && arg.EndsWith('=') && FlagLike().IsMatch(arg))
                normalized.AddRange([arg[..^1], ""]);
            else
                normalized.Add(arg);
        }
        return [.. normalized];
    }

    /// <summary>
    /// Why <paramref name="args"/> are not a command line the command they address takes, or null when they are: a
    /// word where a command was expected that names none (cobra's words, with the nearest command), or the first token
    /// that looks like a flag and is none of that command's (or a global one), with the nearest flag it has.
    /// </summary>
    public static string? Problem(ParseResult parse, IReadOnlyList<string> args) => UnknownCommand(parse) ?? UnknownFlag(parse, args);

    /// <summary>The first unmatched word of a command that takes subcommands and no arguments of its own.</summary>
    private static string? UnknownCommand(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (command.Subcommands.Count == 0 || command.Arguments.Count > 0) return null;
        if (parse.UnmatchedTokens.FirstOrDefault(token => !FlagLike().IsMatch(token) && token != EndOfFlags) is not { } word) return null;
        var path = CommandPath(parse.CommandResult);
        var nearest = Nearest(word, command.Subcommands.Select(sub => sub.Name));
        return $"unknown command \"{word}\" for \"{path}\"{(nearest is null ? "" : $" (did you mean {nearest}?)")}; " +
               $"run '{path} --help' for usage";
    }

    private static string? UnknownFlag(ParseResult parse, IReadOnlyList<string> args)
    {
        var known = KnownOptions(parse.CommandResult);
        Option? takesValue = null; // the flag before this token, when it takes a value and was not given one with '='
        foreach (var arg in args)
        {
            if (arg == EndOfFlags) return null;
            var expecting = takesValue;
            takesValue = null;
            if (!FlagLike().IsMatch(arg)) continue;
            var name = arg.Split('=', 2)[0];
            if (known.TryGetValue(name, out var option))
            {
                if (!arg.Contains('=') && option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0) takesValue = option;
                continue;
            }
            if (IsShortFlagWithValue(known, arg)) continue;
            var path = CommandPath(parse.CommandResult);
            var nearest = Nearest(name.TrimStart('-'), known.Keys.Where(flag => flag.StartsWith("--", StringComparison.Ordinal)),
                flag => flag[2..]);
            var hint = expecting is not null
                ? $"; to give {expecting.Name} a value that begins with '-', write {expecting.Name}={arg}"
                : $"; `{path} --help` lists its flags";
            // cobra's words first, which scripts and tools written for beads look for ("unknown flag: --flat").
            var what = name.StartsWith("--", StringComparison.Ordinal) ? $"unknown flag: {name}" : $"unknown shorthand flag: '{name[1]}' in {arg}";
            return $"{what} for `{path}`{(nearest is null ? "" : $" (did you mean {nearest}?)")}{hint}";
        }
        return null;
    }

    /// <summary>The flags the command takes: its own, and those of the commands above it that apply to all below them.</summary>
    private static Dictionary<string, Option> KnownOptions(CommandResult result)
    {
        var known = new Dictionary<string, Option>(StringComparer.Ordinal);
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is not CommandResult { Command: var command }) continue;
            foreach (var option in command.Options)
            {
                if (current != result && !option.Recursive) continue;
                known.TryAdd(option.Name, option);
                foreach (var alias in option.Aliases) known.TryAdd(alias, option);
            }
        }
        return known;
    }

    /// <summary>pflag's <c>-p1</c>: a one-letter flag that takes a value, with the value attached.</summary>
    private static bool IsShortFlagWithValue(Dictionary<string, Option> known, string arg) =>
        arg.Length > 2 && arg[1] != '-' && known.TryGetValue(arg[..2], out var option) && option.Arity.MaximumNumberOfValues > 0
        && option.ValueType != typeof(bool);

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: var command }) names.Add(current.Parent is null ? "bd" : command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>
    /// The known name (a flag, a command) closest to <paramref name="typed"/> by edit distance, compared by
    /// <paramref name="spelling"/> (a flag without its dashes), when it is close enough to be a likely typo.
    /// </summary>
    private static string? Nearest(string typed, IEnumerable<string> known, Func<string, string>? spelling = null) =>
        known.Select(name => (Name: name, Distance: EditDistance(typed, spelling?.Invoke(name) ?? name)))
            .Where(candidate => candidate.Distance <= Math.Max(2, typed.Length / 3))
            .OrderBy(candidate => candidate.Distance).ThenBy(candidate => candidate.Name, StringComparer.Ordinal)
            .Select(candidate => candidate.Name)
            .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
