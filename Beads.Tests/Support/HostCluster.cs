using System.Diagnostics;
using System.Text.Json.Nodes;
using Beads.Cli.Connection;
using Beads.Protocol;

namespace Beads.Tests.Support;

/// <summary>
/// Real host processes on loopback forming one cluster on one server database, each with its own socket, data folder
/// and log file (<c>&lt;folder&gt;/node&lt;n&gt;/host.log</c>). Every node listens on a remoting port the system picks
/// when it binds, and the others join through the address the first node reports, so no two processes can race for a
/// port chosen in advance. The folder is deleted on dispose unless <see cref="KeepLogs"/> is set (a failed test).
/// </summary>
public sealed class HostCluster : IDisposable
{
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(90);
    private readonly string _database;
    private readonly Dictionary<int, Node> _nodes = [];

    /// <summary>One host process; <see cref="Address"/> is its cluster address as it reports it.</summary>
    public sealed record Node(int Number, string Socket, string Log, Process Process, string Address)
    {
        /// <summary>A gateway client, the one bd itself uses, on this node's socket.</summary>
        public HostClient Client() => new(new HostEndpoint(Socket, null, 0), null);
    }

    private HostCluster(string folder, string database)
    {
        Folder = folder;
        _database = database;
    }

    public string Folder { get; }

    /// <summary>
    /// Keeps the folder with the hosts' logs after dispose, so that a failure can be read; BEADS_KEEP_CLUSTER_LOGS=1
    /// keeps it after a pass too (to read a timeline).
    /// </summary>
    public bool KeepLogs { get; set; } = Environment.GetEnvironmentVariable("BEADS_KEEP_CLUSTER_LOGS") == "1";

    /// <summary>The living nodes, by number.</summary>
    public IReadOnlyList<Node> Nodes => [.. _nodes.Values.Where(n => !n.Process.HasExited).OrderBy(n => n.Number)];

    public Node this[int number] => _nodes[number];

    /// <summary>
    /// Runs <paramref name="test"/> against a cluster of <paramref name="size"/> hosts on a fresh server database;
    /// when it fails, the hosts' logs are kept and the failure carries where they are and the last lines of each.
    /// </summary>
    public static async Task Run(int size, Func<HostCluster, Task> test)
    {
        using var database = TempServerDatabase.Create();
        using var cluster = await Start(size, database.ConnectionString);
        try
        {
            await test(cluster);
        }
        catch (Exception e)
        {
            cluster.KeepLogs = true;
            throw new Exception($"{e.Message}\n{cluster.LogTails()}", e);
        }
    }

    /// <summary>Starts <paramref name="size"/> nodes (numbered from 1; node 1 is the oldest) and waits until all are Up.</summary>
    public static async Task<HostCluster> Start(int size, string database)
    {
        var cluster = new HostCluster(Path.Combine(Path.GetTempPath(), "beads-cluster-tests", Guid.NewGuid().ToString("N")[..12]), database);
        try
        {
            await cluster.StartNode(1, seed: null);
            for (var number = 2; number <= size; number++) await cluster.StartNode(number, cluster[1].Address);
            await cluster.AwaitMembers(size);
            return cluster;
        }
        catch
        {
            cluster.KeepLogs = true;
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts node <paramref name="number"/> (again, after a kill) joining through <paramref name="seed"/>, or forming a
    /// cluster of its own when there is none, and waits until its gateway answers.
    /// </summary>
    public async Task<Node> StartNode(int number, string? seed)
    {
        var folder = Path.Combine(Folder, $"node{number}");
        var socket = Path.Combine(folder, "run", "bd.sock");
        var data = Path.Combine(folder, "data");
        string[] arguments = ["--cluster-port", "0", "--node-name", $"node{number}", "--cluster-cert", TestClusterCertificate.File, .. seed is null ? Array.Empty<string>() : ["--seed", seed]];
        var process = BdHostFixture.StartHost(socket, data, arguments, new Dictionary<string, string> { ["BEADS_DB"] = _database });
        await BdHostFixture.AwaitAnswer(process, socket, data);
        using var client = new HostClient(new HostEndpoint(socket, null, 0), null);
        var health = await client.Get<HealthStatus>(GatewayRoutes.Health, CancellationToken.None);
        return _nodes[number] = new Node(number, socket, Path.Combine(folder, "host.log"), process, health.Node);
    }

    /// <summary>SIGKILL: no leaving, no hand-off, no flush.</summary>
    public void Kill(int number)
    {
        _nodes[number].Process.Kill();
        _nodes[number].Process.WaitForExit();
    }

    /// <summary>Waits until every living node sees <paramref name="count"/> members Up.</summary>
    public async Task AwaitMembers(int count)
    {
        foreach (var node in Nodes)
        {
            var formed = await Poll.TryUntil(async () =>
            {
                var status = await Bd(node, "host", "status", "--json");
                return status.ExitCode == 0 &&
                       JsonNode.Parse(status.Stdout)!["members"]!.AsArray().Count(m => (string)m!["status"]! == "Up") == count;
            }, Eventually, TimeSpan.FromMilliseconds(250));
            if (!formed) throw new TimeoutException($"node {node.Number} did not see {count} members up within {Eventually.TotalSeconds:0} s");
        }
    }

    /// <summary>Which node runs each rig, as <paramref name="through"/> reports it (`bd host status`).</summary>
    public async Task<Dictionary<string, int>> Placement(Node through)
    {
        var status = JsonNode.Parse((await Ok(through, Path.GetTempPath(), "host", "status", "--json")).Stdout)!;
        return status["members"]!.AsArray()
            .SelectMany(m => m!["rigs"]!.AsArray().Select(r => (Rig: (string)r!, Address: (string)m["address"]!)))
            .ToDictionary(p => p.Rig, p => _nodes.Values.Last(n => n.Address == p.Address).Number);
    }

    public Task<BdResult> Bd(Node node, params string[] args) => Bd(node, Path.GetTempPath(), null, args);

    public static Task<BdResult> Bd(Node node, string directory, IDictionary<string, string>? environment, params string[] args) =>
        BdHostFixture.RunBd(directory, args, BdHostFixture.BdEnvironment(node.Socket, environment));

    /// <summary>Runs bd through <paramref name="node"/> and fails with its output unless it exits 0.</summary>
    public static async Task<BdResult> Ok(Node node, string directory, params string[] args)
    {
        var result = await Bd(node, directory, null, args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"bd {string.Join(' ', args)} through node {node.Number}: {result}");
        return result;
    }

    public static async Task<JsonNode> Json(Node node, params string[] args) =>
        JsonNode.Parse((await Ok(node, Path.GetTempPath(), [.. args, "--json"])).Stdout)!;

    /// <summary>For a failure message: where the logs are, and the last lines of each node's log.</summary>
    public string LogTails(int lines = 25)
    {
        var text = new System.Text.StringBuilder($"the hosts' logs are kept in {Folder}/node*/host.log");
        foreach (var node in _nodes.Values.OrderBy(n => n.Number).Where(n => File.Exists(n.Log)))
        {
            var tail = File.ReadLines(node.Log).TakeLast(lines).ToList();
            text.Append($"\n--- the last {tail.Count} lines of {node.Log}{(node.Process.HasExited ? $" (exited {node.Process.ExitCode})" : "")}:\n");
            text.AppendJoin('\n', tail);
        }
        return text.ToString();
    }

    public void Dispose()
    {
        foreach (var node in _nodes.Values.Where(n => !n.Process.HasExited))
        {
            node.Process.Kill();
            node.Process.WaitForExit();
        }
        if (KeepLogs) return;
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* temp folder: harmless */ }
    }
}
