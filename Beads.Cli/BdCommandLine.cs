using System.CommandLine;
using Beads.Cli.Commands;

namespace Beads.Cli;

/// <summary>bd's commands and how a command line is read into one of them (<see cref="StrictArguments"/>).</summary>
public static class BdCommandLine
{
    public static RootCommand Root()
    {
        var root = new RootCommand("bd: the Beads issue tracker for fleets of coding agents (beads-compatible)");
        foreach (var option in GlobalOptions.All) root.Options.Add(option);
        foreach (var command in IssueCommands.All().Concat(QueryCommands.All()).Concat(EpicCommands.All()).Concat(LinkCommands.All())
                     .Concat(KeyValueCommands.All()).Concat(BatchCommands.All()).Concat(DoctorCommands.All()).Concat(PurgeCommands.All()).Concat(SqlCommands.All()).Concat(EventCommands.All()).Concat(RigCommands.All()).Concat(SyncCommands.All()).Concat(HostCommands.All()))
            root.Subcommands.Add(command);
        foreach (var command in GuideCommands.All(root)) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>The parsed command line, or why it is not one bd takes (a usage error: exit 2, nothing sent).</summary>
    public static (ParseResult Parse, string? Problem) Parse(RootCommand root, string[] args)
    {
        var arguments = StrictArguments.Normalize(args);
        var parse = root.Parse(arguments, StrictArguments.Parsing);
        if (StrictArguments.Problem(parse, arguments) is { } unknownFlag) return (parse, unknownFlag);
        if (parse.Errors.Count > 0) return (parse, $"{string.Join("; ", parse.Errors.Select(e => e.Message))} (see `bd --help`)");
        return parse.GetValue(GlobalOptions.Format) is { } format && !format.Equals("json", StringComparison.OrdinalIgnoreCase)
            ? (parse, $"--format {format}: bd prints JSON (--format json, or --json) or its own text; beads' other formats are not supported")
            : (parse, null);
    }

    /// <summary>
    /// -C: the command runs in that folder, as git -C does (its .beads/ and relative paths are found from there); why
    /// it cannot, or null.
    /// </summary>
    public static string? EnterDirectory(ParseResult parse)
    {
        if (parse.GetValue(GlobalOptions.Directory) is not { } directory) return null;
        if (!System.IO.Directory.Exists(directory))
            return $"cannot use -C directory '{directory}': no such folder (give an existing folder, or leave -C out)";
        Environment.CurrentDirectory = Path.GetFullPath(directory);
        return null;
    }
}
