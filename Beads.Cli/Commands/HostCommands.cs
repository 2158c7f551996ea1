using System.CommandLine;
using Beads.Cli.Connection;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>host start | stop | status.</summary>
public static class HostCommands
{
    public static IEnumerable<Command> All() => [new Command("host", "The Beads host that bd talks to") { Start(), Stop(), Status() }];

    private static Command Start() => new Command("start", "Start a host in the background on the embedded store").With(async run =>
    {
        using var client = HostConnector.Client();
        if (client.Endpoints.Count > 1 || !client.Endpoint.IsUnixSocket)
            throw CliException.Usage($"BD_HOST points at {string.Join(", ", client.Endpoints)}: a remote host or a cluster's node is started on its own machine");
        var health = await client.TryHealth(run.Cancellation);
        if (health is null)
        {
            health = await HostConnector.Start(client, run.Cancellation);
            run.Print(new HostControlOutput("started", client.Endpoint.ToString(), health.ProcessId,
                $"{Terminal.Green("✓")} Beads host started on {client.Endpoint} (pid {health.ProcessId}, data in {health.DataDirectory})"));
        }
        else
        {
            run.Print(new HostControlOutput("running", client.Endpoint.ToString(), health.ProcessId,
                $"A Beads host already runs on {client.Endpoint} (pid {health.ProcessId})"));
        }
    });

    private static Command Stop() => new Command("stop", "Stop the host gracefully (writes in flight finish first)").With(async run =>
    {
        using var client = HostConnector.Client();
        if (await client.TryHealth(run.Cancellation) is not { } health)
        {
            run.Print(new HostControlOutput("not_running", client.Endpoint.ToString(), null, $"No Beads host runs on {client.Endpoint}"));
            return;
        }
        await client.Post(GatewayRoutes.Shutdown, run.Cancellation);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && await client.TryHealth(run.Cancellation) is not null)
            await Task.Delay(100, run.Cancellation);
        // A host on this machine keeps its data directory until its process ends (its rigs hand off and flush after the
        // gateway closes): wait for that, so that the next bd command can start a new host there at once.
        if (client.Endpoint.IsUnixSocket && !await Exited(health.ProcessId, deadline, run.Cancellation))
        {
            run.Print(new HostControlOutput("stopping", client.Endpoint.ToString(), health.ProcessId,
                $"Beads host on {client.Endpoint} stopped answering and is still shutting down (pid {health.ProcessId})"));
            return;
        }
        run.Print(new HostControlOutput("stopped", client.Endpoint.ToString(), health.ProcessId,
            $"{Terminal.Green("✓")} Beads host on {client.Endpoint} stopped"));
    });

    /// <summary>Whether the process has ended (or was never there) by <paramref name="deadline"/>.</summary>
    private static async Task<bool> Exited(int processId, DateTime deadline, CancellationToken cancellation)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (ArgumentException)
        {
            return true; // no such process: it has ended
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    private static Command Status() => new Command("status", "The cluster's members and the rigs it knows").With(async run =>
    {
        using var client = HostConnector.Client();
        var status = await client.Get<HostStatus>(GatewayRoutes.HostStatus, run.Cancellation);
        run.Print(new HostStatusOutput(client.Endpoint.ToString(), client.Unanswered.Count > 0 ? client.Unanswered : null,
            status.Node, status.Leader, [.. status.Members.Select(m => new MemberOutput(m.Address, m.Status, m.Roles, m.Rigs))],
            [.. status.Rigs.Select(r => new RigOutput(r.Name, r.Prefix, r.HomeDirectory))]));
    });
}
