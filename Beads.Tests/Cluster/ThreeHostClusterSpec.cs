using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cluster;

/// <summary>
/// Three real host processes on loopback form a cluster on one MariaDB database. Each rig is made through a different
/// node, so its folder is on that node's machine and it runs there; bd writes through node 1 into rigs spread over all
/// three; the node running a busy rig is killed with SIGKILL mid-load. Every write bd saw acknowledged must then be
/// readable through a surviving node, the rig's JSONL flush waits for its home, and a claim race across nodes has one
/// winner.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class ThreeHostClusterSpec : IDisposable
{
    private const int Rigs = 6;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "beads-cluster-tests", Guid.NewGuid().ToString("N")[..12]);
    private readonly List<Node> _nodes = [];

    private sealed record Node(int Number, int Port, string Socket, Process Process);

    /// <summary>Long enough for a failover or a rejoin on a loaded 2-core machine.</summary>
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task A_killed_node_loses_no_acknowledged_write_and_a_claim_race_across_nodes_has_one_winner()
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        using var database = TempServerDatabase.Create();
        var seedPort = FreePorts.Next();
        for (var number = 1; number <= 3; number++)
            _nodes.Add(StartNode(number, number == 1 ? seedPort : FreePorts.Next(), seedPort, database.ConnectionString));
        await AwaitMembers(_nodes[0], 3);

        // Each rig is initialised through a different node; all writes then go through node 1.
        var rigs = Enumerable.Range(0, Rigs).Select(i => $"rig{i}").ToList();
        foreach (var (rig, index) in rigs.Select((r, i) => (r, i)))
        {
            var home = Path.Combine(_folder, "projects", rig);
            Directory.CreateDirectory(home);
            await Ok(_nodes[index % 3], home, "init", "--rig", rig, "--prefix", rig);
            await Ok(_nodes[0], _folder, "--rig", rig, "create", "warm-up");
        }
        var placement = await Placement(_nodes[0]);
        Assert.All(rigs.Select((rig, index) => (rig, index)), r => Assert.Equal(r.index % 3 + 1, placement[r.rig]));
        var (busy, victim) = rigs.Select(r => (Rig: r, Node: placement[r])).First(p => p.Node != 1);
        var reader = _nodes.Single(n => n.Number != 1 && n.Number != victim);

        var acknowledged = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var slowest = TimeSpan.Zero;
        var slowestLock = new object();
        var stop = new CancellationTokenSource();
        var killedAt = DateTime.MaxValue;
        var firstAfterKill = DateTime.MaxValue;
        var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var started = DateTime.UtcNow;
                var result = await Bd(_nodes[0], _folder, "--rig", busy, "create", $"load {worker}-{n}", "--silent");
                lock (slowestLock) slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, (DateTime.UtcNow - started).Ticks));
                if (result.ExitCode != 0)
                {
                    failures.Add(result.Stderr.Trim());
                    continue;
                }
                acknowledged.Add(result.Stdout.Trim());
                // Only a write sent after the kill shows that the rig answers again.
                if (started > killedAt && firstAfterKill == DateTime.MaxValue) firstAfterKill = DateTime.UtcNow;
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var victimNode = _nodes.Single(n => n.Number == victim);
        killedAt = DateTime.UtcNow;
        victimNode.Process.Kill(); // SIGKILL: no leaving, no hand-off, no flush
        var answeredAgain = await Poll.Until(async () =>
            (await Bd(_nodes[0], _folder, "--rig", busy, "show", acknowledged.First())).ExitCode == 0, Eventually, "reads of the moved rig");
        await Poll.TryUntil(() => firstAfterKill != DateTime.MaxValue, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));
        stop.Cancel();
        await Task.WhenAll(load);

        Console.WriteLine($"[benchmark] 3-node cluster, SIGKILL of the node running rig {busy}: reads answered again after " +
                          $"{answeredAgain.TotalSeconds:0.0} s, the first write sent after the kill succeeded after {(firstAfterKill - killedAt).TotalSeconds:0.0} s, " +
                          $"the slowest write took {slowest.TotalSeconds:0.0} s; {acknowledged.Count} acknowledged writes; " +
                          $"{failures.Count} not acknowledged ({string.Join(" | ", failures.Distinct().Take(3))})");
        Assert.True(firstAfterKill < DateTime.MaxValue, "no write succeeded within 60 s of the kill");
        var listed = (await Json(reader, "--rig", busy, "list", "--all")).AsArray().Select(i => (Id: (string)i!["id"]!, Title: (string)i["title"]!)).ToList();
        var readable = listed.Select(i => i.Id).ToHashSet();
        var lost = acknowledged.Where(id => !readable.Contains(id)).ToList();
        Assert.Empty(lost);
        // Writes in flight when the node died were sent again by the gateway until the moved rig answered; each was
        // made once, whether or not the dead node had made it already.
        Assert.Empty(failures);
        var loadTitles = listed.Where(i => i.Title.StartsWith("load ")).Select(i => i.Title).ToList();
        Assert.Equal(loadTitles.Count, loadTitles.Distinct().Count());
        Assert.Equal(acknowledged.Count, loadTitles.Count);
        var sync = (await Json(reader, "--rig", busy, "stats"))["sync"]!;
        Assert.Equal("pending", (string)sync["mode"]!);
        Assert.Contains($"home node node{victim}", (string)sync["last_error"]!);

        var contested = (await Ok(_nodes[0], _folder, "--rig", busy, "create", "contested", "--silent")).Stdout.Trim();
        var survivors = _nodes.Where(n => n.Number != victim).ToList();
        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            BdFull(survivors[i % survivors.Count], _folder, new() { ["BD_ACTOR"] = $"agent-{i}" }, "--rig", busy, "update", contested, "--claim")));
        Assert.Single(claims, c => c.ExitCode == 0);
        Assert.All(claims.Where(c => c.ExitCode != 0), c => Assert.Contains("already claimed", c.Stderr));

        // The home node comes back: the rig moves home and its JSONL catches up with every write made while it was away.
        var returned = StartNode(victim, FreePorts.Next(), seedPort, database.ConnectionString);
        _nodes[_nodes.FindIndex(n => n.Number == victim)] = returned;
        await AwaitMembers(_nodes[0], 3);
        var movedHomeAfter = await Poll.Until(async () => (await Placement(_nodes[0])).GetValueOrDefault(busy) == victim, Eventually,
            $"rig {busy} moving back to node {victim}");
        var jsonl = Path.Combine(_folder, "projects", busy, ".beads", "issues.jsonl");
        await Poll.Until(() => File.Exists(jsonl) && acknowledged.All(File.ReadAllText(jsonl).Contains), Eventually,
            $"the JSONL of rig {busy} catching up");
        Assert.NotEqual("pending", (string)(await Json(_nodes[0], "--rig", busy, "stats"))["sync"]!["mode"]!);
        Console.WriteLine($"[benchmark] 3-node cluster: rig {busy} moved back to its home node {movedHomeAfter.TotalSeconds:0.0} s after it rejoined, and its JSONL caught up");
    }

    private Node StartNode(int number, int port, int seedPort, string database)
    {
        var folder = Path.Combine(_folder, $"node{number}");
        var socket = Path.Combine(folder, "run", "bd.sock");
        var process = BdHostFixture.StartHost(socket, Path.Combine(folder, "data"),
            ["--cluster-port", port.ToString(), "--seed", $"127.0.0.1:{seedPort}", "--node-name", $"node{number}"],
            new Dictionary<string, string> { ["BEADS_DB"] = database });
        return new Node(number, port, socket, process);
    }

    private async Task AwaitMembers(Node node, int count)
    {
        var formed = await Poll.TryUntil(async () =>
        {
            if (!_nodes.All(n => File.Exists(n.Socket))) return false;
            var status = await Bd(node, _folder, "host", "status", "--json");
            return status.ExitCode == 0 && JsonNode.Parse(status.Stdout)!["members"]!.AsArray().Count(m => (string)m!["status"]! == "Up") == count;
        }, Eventually, TimeSpan.FromMilliseconds(250));
        if (!formed) throw new TimeoutException($"{count} nodes did not form a cluster within 90 s (logs in {_folder}/node*/host.log)");
    }

    /// <summary>Which node (1-3) runs each rig, from `bd host status`.</summary>
    private async Task<Dictionary<string, int>> Placement(Node node)
    {
        var status = await Json(node, "host", "status");
        return status["members"]!.AsArray()
            .SelectMany(m => m!["rigs"]!.AsArray().Select(r => ((string)r!, Port: int.Parse(((string)m["address"]!).Split(':')[^1]))))
            .ToDictionary(p => p.Item1, p => _nodes.Single(n => n.Port == p.Port).Number);
    }

    private static Task<BdResult> Bd(Node node, string directory, params string[] args) =>
        BdHostFixture.RunBd(directory, args, BdHostFixture.BdEnvironment(node.Socket));

    private static Task<BdResult> BdFull(Node node, string directory, Dictionary<string, string> environment, params string[] args) =>
        BdHostFixture.RunBd(directory, args, BdHostFixture.BdEnvironment(node.Socket, environment));

    private static async Task<BdResult> Ok(Node node, string directory, params string[] args)
    {
        var result = await Bd(node, directory, args);
        Assert.True(result.ExitCode == 0, $"bd {string.Join(' ', args)} through node {node.Number}: {result}");
        return result;
    }

    private static async Task<JsonNode> Json(Node node, params string[] args) =>
        JsonNode.Parse((await Ok(node, Path.GetTempPath(), [.. args, "--json"])).Stdout)!;


    public void Dispose()
    {
        foreach (var node in _nodes.Where(n => !n.Process.HasExited))
        {
            node.Process.Kill();
            node.Process.WaitForExit();
        }
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* temp folder: harmless */ }
    }
}
