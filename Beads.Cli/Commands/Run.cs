using System.CommandLine;
using Beads.Cli.Output;

namespace Beads.Cli.Commands;

public static class Run
{
    /// <summary>Gives a command its action; a <see cref="CliException"/> it throws becomes an error report and exit code.</summary>
    public static Command With(this Command command, Func<Invocation, Task<int>> action)
    {
        command.SetAction(async (parse, cancellation) =>
        {
            // System.CommandLine hears Ctrl-C only once the action has returned its task, and bd's exchange with the
            // host blocks (UnixSocketHandler): yielding first returns that task at once, so an interrupt in the
            // middle of the exchange cancels it instead of killing bd before it could say what may have happened.
            await Task.Yield();
            using var invocation = new Invocation(parse, cancellation);
            try
            {
                return await action(invocation);
            }
            catch (CliException e)
            {
                return ErrorReport.Print(e, invocation.Json);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return ErrorReport.Print(CliException.Interrupted(
                    "interrupted before the host answered: a change bd had sent may or may not have been made (`bd show` or `bd list` tells)"),
                    invocation.Json);
            }
        });
        return command;
    }

    /// <summary>A command that needs nothing from the host (bd's own texts).</summary>
    public static Command With(this Command command, Action<Invocation> action) =>
        command.With(invocation =>
        {
            action(invocation);
            return Task.FromResult(ExitCodes.Ok);
        });

    public static Command With(this Command command, Func<Invocation, Task> action) =>
        command.With(async invocation =>
        {
            await action(invocation);
            return ExitCodes.Ok;
        });
}
