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
            Console.Out.WriteLine($"{Terminal.Green("✓")} Beads host started on {client.Endpoint} (pid {health.ProcessId}, data in {health.DataDirectory})");
        }
        else
        {
            Console.Out.WriteLine($"A Beads host already runs on {client.Endpoint} (pid {health.ProcessId})");
        }
    });

    private static Command Stop() => new Command("stop", "Stop the host gracefully (writes in flight finish first)").With(async run =>
    {
        using var client = HostConnector.Client();
        if (await client.TryHealth(run.Cancellation) is not { } health)
        {
            Console.Out.WriteLine($"No Beads host runs on {client.Endpoint}");
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
            Console.Out.WriteLine($"Beads host on {client.Endpoint} stopped answering and is still shutting down (pid {health.ProcessId})");
            return;
        }
        Console.Out.WriteLine($"{Terminal.Green("✓")} Beads host on {client.Endpoint} stopped");
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
        if (run.Json)
        {
            BeadsJson.Print(new HostStatusOutput(client.Endpoint.ToString(), client.Unanswered.Count > 0 ? client.Unanswered : null,
                status.Node, status.Leader, [.. status.Members.Select(m => new MemberOutput(m.Address, m.Status, m.Roles, m.Rigs))],
                [.. status.Rigs.Select(r => new RigOutput(r.Name, r.Prefix, r.HomeDirectory))]));
            return;
        }
        Console.Out.WriteLine($"Host: {client.Endpoint}, node {status.Node} (leader {status.Leader})");
        foreach (var unanswered in client.Unanswered) Console.Out.WriteLine($"  no answer first: {unanswered}");
        Console.Out.WriteLine(Terminal.Bold("Members"));
        foreach (var m in status.Members)
            Console.Out.WriteLine($"  {m.Address}  {m.Status}{(m.Roles.IsEmpty ? "" : $"  roles: {string.Join(",", m.Roles)}")}" +
                                  $"{(m.Rigs.IsEmpty ? "" : $"  running: {string.Join(", ", m.Rigs)}")}");
        Console.Out.WriteLine(Terminal.Bold("Rigs"));
        if (status.Rigs.IsEmpty) Console.Out.WriteLine("  none yet: run `bd init` in a project");
        foreach (var r in status.Rigs) Console.Out.WriteLine($"  {r.Name}  prefix {r.Prefix}  {r.HomeDirectory}");
    });
}
