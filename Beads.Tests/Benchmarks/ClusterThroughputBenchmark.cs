using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Beads.Actors.Rigs;
using Beads.Host;
using Beads.Protocol;
using Beads.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Durable creates per second over 24 rigs, on one node and then on a 3-node cluster (three hosts in this process,
/// one store: the private MariaDB when scripts/test.sh runs, the embedded file otherwise), with the load sent through
/// every node. Printed, never asserted; every create must succeed. On one 2-core machine the three nodes share the
/// cores, so this shows what the cluster's extra hops cost, not what more machines would add.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ClusterThroughputBenchmark
{
    private const int Rigs = 24;
    private const int WritersPerRig = 10;
    private const int CreatesPerWriter = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Creates_per_second_over_24_rigs_on_one_node_and_on_three()
    {
        var single = await Measure(nodes: 1);
        var cluster = await Measure(nodes: 3);
        Console.WriteLine($"[benchmark] durable creates/s over {Rigs} rigs, {Rigs * WritersPerRig} in flight: one node {single.Rate:N0} ({single.Store}), " +
                          $"3-node cluster {cluster.Rate:N0} ({cluster.Rate / single.Rate:0.00}x; the three nodes share this machine's cores)");
    }

    private static async Task<(double Rate, string Store)> Measure(int nodes)
    {
        using var store = Environment.GetEnvironmentVariable(TestServer.Variable) is { Length: > 0 }
            ? (TestStore)TempServerDatabase.Create()
            : TempDatabase.Create();
        var data = Path.Combine(Path.GetTempPath(), "beads-cluster-bench", Guid.NewGuid().ToString("N")[..12]);
        var seedPort = FreePorts.Next();
        var hosts = new List<IHost>();
        try
        {
            for (var node = 0; node < nodes; node++)
                hosts.Add(await StartNode($"n{node}", node == 0 ? seedPort : FreePorts.Next(), seedPort, data, store));
            var cluster = Akka.Cluster.Cluster.Get(hosts[0].Services.GetRequiredService<ActorSystem>());
            while (cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) < nodes) await Task.Delay(100);
            var regions = await Task.WhenAll(hosts.Select(h => h.Services.GetRequiredService<ActorRegistry>().GetAsync<RigRegion>()));
            await Task.WhenAll(Enumerable.Range(0, Rigs).Select(rig =>
                regions[rig % nodes].Ask<RigInfo>(new InitRig($"r{rig}", "bench", $"r{rig}", $"/tmp/r{rig}"), Timeout)));

            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Rigs * WritersPerRig).Select(async writer =>
            {
                var region = regions[writer % nodes];
                for (var i = 0; i < CreatesPerWriter; i++)
                    Assert.IsType<IssueResult>(await region.Ask<IRigReply>(new CreateIssue($"r{writer % Rigs}", $"w{writer}", "bench"), Timeout));
            }));
            return (Rigs * WritersPerRig * CreatesPerWriter / watch.Elapsed.TotalSeconds, store.Storage.Description);
        }
        finally
        {
            foreach (var host in hosts) await host.StopAsync();
            foreach (var host in hosts) host.Dispose();
        }
    }

    private static async Task<IHost> StartNode(string name, int port, int seedPort, string data, TestStore store)
    {
        var cluster = new ClusterOptions("127.0.0.1", port, [$"akka.tcp://{ClusterOptions.SystemName}@127.0.0.1:{seedPort}"], [], name);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        var server = store is TempServerDatabase database ? database.ConnectionString : null;
        var directory = store is TempDatabase file ? file.Directory : Path.Combine(data, name);
        builder.Services.AddBeads(new BeadsHostOptions(directory, cluster.ToHocon() + "\nakka.loglevel = WARNING", server));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

}
