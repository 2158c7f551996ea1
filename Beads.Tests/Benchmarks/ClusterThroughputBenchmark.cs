using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Beads.Host;
using Beads.Protocol;
using Beads.Tests.Support;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Durable creates per second over 24 rigs, on one node and then on a 3-node cluster (three hosts in this process,
/// one store: the private MariaDB when scripts/test.sh runs, the embedded file otherwise), with the load sent through
/// every node. Printed, never asserted; every create must succeed, and no node may be downed under the load. On one
/// 2-core machine the three nodes share the cores, so this shows what the cluster's extra hops cost, not what more
/// machines would add.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(MeasuredAlone.Name)]
public sealed class ClusterThroughputBenchmark
{
    private const int Rigs = 24;
    private const int WritersPerRig = 10;
    private const int CreatesPerWriter = 20;
    private const int Rounds = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Creates_per_second_over_24_rigs_on_one_node_and_on_three()
    {
        // Interleaved rounds, so that the machine's noise falls on both sides alike; medians are compared.
        var single = new List<double>();
        var throughRigsNode = new List<double>();
        var throughAnyNode = new List<double>();
        var store = "";
        for (var round = 0; round < Rounds; round++)
        {
            (var rate, store) = await Measure(nodes: 1, throughRigsNode: true);
            single.Add(rate);
            throughRigsNode.Add((await Measure(nodes: 3, throughRigsNode: true)).Rate);
            throughAnyNode.Add((await Measure(nodes: 3, throughRigsNode: false)).Rate);
        }
        var singleMedian = Benchmark.Median(single);
        Console.WriteLine($"[benchmark] durable creates/s over {Rigs} rigs, {Rigs * WritersPerRig} in flight ({store}), medians of {Rounds} " +
                          $"interleaved rounds: one node {Figures(single)}; 3-node cluster, each rig written through the node " +
                          $"it runs on (as agents on its home machine do) {Figures(throughRigsNode)}, " +
                          $"{Benchmark.Median(throughRigsNode) / singleMedian:0.00}x; through every node in turn (2 of 3 " +
                          $"creates cross nodes) {Figures(throughAnyNode)}, {Benchmark.Median(throughAnyNode) / singleMedian:0.00}x " +
                          "(the three nodes share this machine's cores)");
    }

    private static string Figures(List<double> rates) =>
        $"{Benchmark.Median(rates):N0} (rounds: {string.Join(", ", rates.Select(r => r.ToString("N0")))})";

    private static async Task<(double Rate, string Store)> Measure(int nodes, bool throughRigsNode)
    {
        using var store = Environment.GetEnvironmentVariable(TestServer.Variable) is { Length: > 0 }
            ? (TestStore)TempServerDatabase.Create()
            : TempDatabase.Create();
        var data = Path.Combine(Path.GetTempPath(), "beads-cluster-bench", Guid.NewGuid().ToString("N")[..12]);
        var hosts = new List<IHost>();
        try
        {
            for (var node = 0; node < nodes; node++)
                hosts.Add(await StartNode($"n{node}", hosts.FirstOrDefault(), data, store));
            await hosts[0].AwaitUpMembers(nodes, Timeout);
            var regions = await Task.WhenAll(hosts.Select(h => h.Region()));
            await Task.WhenAll(Enumerable.Range(0, Rigs).Select(rig =>
                regions[rig % nodes].Ask<RigInfo>(new InitRig($"r{rig}", "bench", $"r{rig}", $"/tmp/r{rig}"), Timeout)));

            var rigsNode = throughRigsNode ? await NodeOfEachRig(hosts, regions[0]) : [];

            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Rigs * WritersPerRig).Select(async writer =>
            {
                var region = regions[throughRigsNode ? rigsNode[$"r{writer % Rigs}"] : writer % nodes];
                for (var i = 0; i < CreatesPerWriter; i++)
                    Assert.IsType<IssueResult>(await region.Ask<IRigReply>(new CreateIssue($"r{writer % Rigs}", $"w{writer}", "bench"), Timeout));
            }));
            var rate = Rigs * WritersPerRig * CreatesPerWriter / watch.Elapsed.TotalSeconds;
            // The failure detector and the resolver are tuned for a fast failover (hocon/beads.conf): saturating the
            // machine's cores must still not get a live node downed.
            Assert.Equal(nodes, hosts[0].UpMembers());
            return (rate, store.Storage.Description);
        }
        finally
        {
            foreach (var host in hosts) await host.StopAsync();
            foreach (var host in hosts) host.Dispose();
            try { if (Directory.Exists(data)) Directory.Delete(data, recursive: true); }
            catch (IOException) { /* temp folder: harmless */ }
        }
    }

    /// <summary>For each rig, the index of the host it runs on.</summary>
    private static async Task<Dictionary<string, int>> NodeOfEachRig(List<IHost> hosts, IActorRef region)
    {
        var addresses = hosts.Select(h => h.Cluster().SelfAddress).ToList();
        var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(Timeout), Timeout);
        var nodeOf = stats.Regions.SelectMany(r => r.Value.Stats.Keys.Select(rig => (rig, Node: addresses.IndexOf(r.Key))))
            .ToDictionary(p => p.rig, p => p.Node);
        Assert.Equal(Rigs, nodeOf.Count);
        return nodeOf;
    }

    private static Task<IHost> StartNode(string name, IHost? seed, string data, TestStore store)
    {
        var server = store is TempServerDatabase database ? database.ConnectionString : null;
        var directory = store is TempDatabase file ? file.Directory : Path.Combine(data, name);
        return InProcessHost.Start(new BeadsHostOptions(directory, InProcessHost.ClusterHocon(name, seed) + "\nakka.loglevel = WARNING", server));
    }

}
