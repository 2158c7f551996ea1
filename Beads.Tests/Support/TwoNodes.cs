using Akka.Actor;
using Akka.Cluster.Sharding;
using Beads.Host;
using Microsoft.Extensions.Hosting;

namespace Beads.Tests.Support;

/// <summary>
/// A cluster of two real hosts in this process on one store, both Up: <see cref="First"/> is the seed. Disposing
/// stops both (a node a test already stopped is left as it is).
/// </summary>
public sealed class TwoNodes : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private TwoNodes(IHost first, IHost second) => (First, Second) = (first, second);

    public IHost First { get; }
    public IHost Second { get; }

    /// <param name="dataDirectory">The store both nodes share (a <see cref="TempDatabase"/>'s folder).</param>
    /// <param name="extraHocon">Settings for both nodes beside their cluster ones.</param>
    public static async Task<TwoNodes> Start(string dataDirectory, string extraHocon = "")
    {
        var first = await StartNode(dataDirectory, "first", seed: null, extraHocon);
        var second = await StartNode(dataDirectory, "second", first, extraHocon);
        await first.AwaitUpMembers(2, Timeout);
        return new TwoNodes(first, second);
    }

    private static Task<IHost> StartNode(string dataDirectory, string name, IHost? seed, string extraHocon) =>
        InProcessHost.Start(new BeadsHostOptions(dataDirectory, InProcessHost.ClusterHocon(name, seed) + "\n" + extraHocon));

    /// <summary>The node that runs <paramref name="rig"/> right now, and the other.</summary>
    public async Task<(IHost Running, IHost Other)> Placing(string rig) =>
        await Runs(First, rig) ? (First, Second) : (Second, First);

    private static async Task<bool> Runs(IHost host, string rig)
    {
        var state = await (await host.Region()).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Timeout);
        return state.Shards.Any(shard => shard.EntityIds.Contains(rig));
    }

    public void Dispose()
    {
        Second.Dispose();
        First.Dispose();
    }
}
