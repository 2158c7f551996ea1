using System.CommandLine;
using Beads.Cli;
using Beads.Cli.Commands;
using Beads.Cli.Output;

// bd: one command, one message to the Beads host, one answer. Errors go to stderr (as JSON with --json) and the exit
// code says what kind of failure it was (see ExitCodes).
// What bd prints comes partly from issues other people wrote: their control characters are shown, never obeyed.
Console.SetOut(new VisibleControlsWriter(Console.Out));
Console.SetError(new VisibleControlsWriter(Console.Error));

var root = new RootCommand("bd: the Beads issue tracker for fleets of coding agents (beads-compatible)")
{
    GlobalOptions.Json, GlobalOptions.Actor, GlobalOptions.Rig, GlobalOptions.NoAutoFlush,
};
foreach (var command in IssueCommands.All().Concat(QueryCommands.All()).Concat(LinkCommands.All())
             .Concat(SqlCommands.All()).Concat(RigCommands.All()).Concat(SyncCommands.All()).Concat(HostCommands.All()))
    root.Subcommands.Add(command);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    var problems = string.Join("; ", parse.Errors.Select(e => e.Message));
    return ErrorReport.Print(CliException.Usage($"{problems} (see `bd --help`)"), args.Contains("--json"));
}
return await parse.InvokeAsync();
