using System.CommandLine;
using Beads.Cli;
using Beads.Cli.Output;

// bd: one command, one message to the Beads host, one answer. Errors go to stderr (as JSON with --json) and the exit
// code says what kind of failure it was (see ExitCodes).
// What bd prints comes partly from issues other people wrote: their control characters are shown, never obeyed.
// Console's own writer flushes every 256 characters (a system call each); this one flushes once per write, so that an
// answer written whole (Invocation.Print) leaves in one piece, and in Console's encoding, which has no byte order mark.
Console.SetOut(new VisibleControlsWriter(new StreamWriter(Console.OpenStandardOutput(), Console.Out.Encoding, 1 << 16) { AutoFlush = true }));
Console.SetError(new VisibleControlsWriter(Console.Error));

var (parse, problem) = BdCommandLine.Parse(BdCommandLine.Root(), args);
problem ??= BdCommandLine.EnterDirectory(parse);
return problem is not null
    ? ErrorReport.Print(CliException.Usage(problem), args.Contains("--json"))
    : await parse.InvokeAsync();
