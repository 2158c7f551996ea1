using Akka.Actor;
using Beads.Actors.Cluster;
using Beads.Host;
using Beads.Protocol;
using Beads.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Beads.Tests.Cluster;

/// <summary>Every node learns, from the members' regions themselves, which node hosts each rig.</summary>
public sealed class RigLocatorSpec : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _data = TempDatabase.Create();

    [Fact]
    public async Task Each_node_knows_which_node_hosts_every_rig()
    {
        using var first = await StartNode("first", seed: null);
        using var second = await StartNode("second", first);
        await first.AwaitUpMembers(2, Timeout);
        foreach (var rig in new[] { "a", "b", "c" })
            await (await first.Region()).Ask<RigInfo>(new InitRig(rig, "tester", rig, $"/tmp/{rig}"), Timeout);

        foreach (var node in new[] { first, second })
        {
            var locations = node.Services.GetRequiredService<RigLocations>();
            await Poll.Until(() => new[] { "a", "b", "c" }.All(rig => locations.RegionOf(rig) is not null), Timeout,
                "every rig located");
            var running = locations.ByMember.Values.SelectMany(hosted => hosted.Running).Order().ToList();
            Assert.Equal(["a", "b", "c"], running);
        }
        // Both nodes see the same placement.
        var picture = (IHost node) => node.Services.GetRequiredService<RigLocations>().ByMember
            .ToDictionary(m => m.Key, m => string.Join(",", m.Value.Running));
        Assert.Equal(picture(first), picture(second));
    }

    private Task<IHost> StartNode(string name, IHost? seed) =>
        InProcessHost.Start(new BeadsHostOptions(_data.Directory, InProcessHost.ClusterHocon(name, seed)));

    public void Dispose() => _data.Dispose();
}
