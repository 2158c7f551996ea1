using System.CommandLine;
using Beads.Cli;
using Beads.Cli.Output;

// bd: one command, one message to the Beads host, one answer. Errors go to stderr (as JSON with --json) and the exit
// code says what kind of failure it was (see ExitCodes).
// What bd prints comes partly from issues other people wrote: their control characters are shown, never obeyed.
Console.SetOut(new VisibleControlsWriter(Console.Out));
Console.SetError(new VisibleControlsWriter(Console.Error));

var (parse, problem) = BdCommandLine.Parse(BdCommandLine.Root(), args);
problem ??= BdCommandLine.EnterDirectory(parse);
return problem is not null
    ? ErrorReport.Print(CliException.Usage(problem), args.Contains("--json"))
    : await parse.InvokeAsync();
