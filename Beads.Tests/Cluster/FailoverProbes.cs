using System.Collections.Concurrent;
using System.Diagnostics;
using Beads.Cli;
using Beads.Cli.Connection;
using Beads.Protocol;
using Beads.Tests.Support;

namespace Beads.Tests.Cluster;

/// <summary>One request a probe sent through one node's gateway to one rig, timed from the kill, and how it ended.</summary>
public sealed record Probe(int Node, string Rig, bool Write, TimeSpan Sent, TimeSpan Answered, string? IssueId, string? Error)
{
    public TimeSpan Latency => Answered - Sent;
}

/// <summary>
/// After a node is killed, asks every rig through every surviving gateway, at a steady pace and without waiting for
/// earlier requests, for a read (a one-issue list) and a write (a create): what a fleet of agents spread over the
/// surviving machines would do. The requests go through the gateway client that bd itself uses.
/// </summary>
public static class FailoverProbes
{
    public static async Task<IReadOnlyList<Probe>> Run(IReadOnlyList<HostCluster.Node> nodes, IReadOnlyList<string> rigs,
        Stopwatch sinceKill, TimeSpan window, TimeSpan interval)
    {
        var clients = nodes.ToDictionary(n => n.Number, n => n.Client());
        var probes = new ConcurrentBag<Probe>();
        var pending = new List<Task>();
        try
        {
            for (var round = 0; sinceKill.Elapsed < window; round++)
            {
                foreach (var node in nodes)
                foreach (var rig in rigs)
                {
                    pending.Add(Ask(clients[node.Number], node.Number, rig, write: false, round, sinceKill, probes));
                    pending.Add(Ask(clients[node.Number], node.Number, rig, write: true, round, sinceKill, probes));
                }
                await Task.Delay(interval);
            }
            await Task.WhenAll(pending);
        }
        finally
        {
            foreach (var client in clients.Values) client.Dispose();
        }
        return [.. probes.OrderBy(p => p.Sent)];
    }

    private static async Task Ask(HostClient client, int node, string rig, bool write, int round, Stopwatch sinceKill, ConcurrentBag<Probe> probes)
    {
        await Task.Yield();
        var sent = sinceKill.Elapsed;
        try
        {
            string? id = null;
            if (write)
                id = (await client.Send<IssueResult>(new CreateIssue(rig, $"probe-{node}", $"probe {node}-{rig}-{round}"), CancellationToken.None)).Issue.Id;
            else
                await client.Send<IssueSummaries>(new ListIssues(rig, IssueFilter.Any) { Limit = 1 }, CancellationToken.None);
            probes.Add(new Probe(node, rig, write, sent, sinceKill.Elapsed, id, null));
        }
        catch (CliException e)
        {
            probes.Add(new Probe(node, rig, write, sent, sinceKill.Elapsed, null, $"{e.Code}: {e.Message}"));
        }
    }

    /// <summary>
    /// When requests to <paramref name="rig"/> through <paramref name="node"/> were answered again: the time by which
    /// every request sent before the first promptly answered one (within <paramref name="prompt"/>) had its answer.
    /// A request the outage caught counts until it was answered, so a request that hangs cannot hide behind a later
    /// one that went through. Null when no request was answered promptly.
    /// </summary>
    public static TimeSpan? AnsweredAgain(IReadOnlyList<Probe> probes, int node, string rig, bool write, TimeSpan prompt)
    {
        var these = probes.Where(p => p.Node == node && p.Rig == rig && p.Write == write).OrderBy(p => p.Sent).ToList();
        var firstPrompt = these.FirstOrDefault(p => p.Error is null && p.Latency <= prompt);
        if (firstPrompt is null) return null;
        return these.TakeWhile(p => p != firstPrompt).Append(firstPrompt).Max(p => p.Answered);
    }
}
