using Akka.Actor;
using Beads.Actors.Registry;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Cluster;

/// <summary>
/// The cluster's directory of rigs and what placement reads from it, on its own (the singleton wiring is covered by
/// the host and cluster specs).
/// </summary>
public sealed class RigRegistrySpec(ITestOutputHelper output) : RigTestKit(output)
{
    private static readonly RigEntry Entry = new("alpha", "al", "/srv/alpha") { HomeNode = "node-a" };

    [Fact]
    public async Task A_rig_without_a_jsonl_is_recorded_as_needing_no_home_and_the_directory_survives_a_restart()
    {
        var registry = Sys.ActorOf(Props.Create(() => new RigRegistryActor()));
        Assert.IsType<RigRegistered>(await registry.Ask<IRegistryMessage>(new RegisterRig(Entry), AskTimeout));
        Assert.Equal("node-a", await new RegistryHomeNodes(() => Task.FromResult(registry)).HomeNodeOf("alpha"));

        registry.Tell(new RequireHome("alpha", Required: false));
        var listed = await registry.Ask<RigListing>(ListRigs.Instance, AskTimeout);
        Assert.False(Assert.Single(listed.Rigs).HomeRequired);
        Assert.Equal("node-a", listed.Rigs[0].HomeNode);
        // Placement sees no home to keep it on: the rig goes wherever there is room.
        Assert.Null(await new RegistryHomeNodes(() => Task.FromResult(registry)).HomeNodeOf("alpha"));

        Watch(registry);
        Sys.Stop(registry);
        ExpectTerminated(registry);
        var recovered = Sys.ActorOf(Props.Create(() => new RigRegistryActor()));
        Assert.False(Assert.Single((await recovered.Ask<RigListing>(ListRigs.Instance, AskTimeout)).Rigs).HomeRequired);
    }

    [Fact]
    public async Task One_prefix_and_one_home_per_rig()
    {
        var registry = Sys.ActorOf(Props.Create(() => new RigRegistryActor()));
        await registry.Ask<IRegistryMessage>(new RegisterRig(Entry), AskTimeout);

        var samePrefix = await registry.Ask<IRegistryMessage>(new RegisterRig(new RigEntry("beta", "al", "/srv/beta")), AskTimeout);
        var otherHome = await registry.Ask<IRegistryMessage>(new RegisterRig(Entry with { HomeDirectory = "/elsewhere" }), AskTimeout);
        var again = await registry.Ask<IRegistryMessage>(new RegisterRig(Entry with { HomeNode = "node-b" }), AskTimeout);

        Assert.Equal(ErrorCodes.RigConflict, Assert.IsType<RegistryRefusal>(samePrefix).Reason.Code);
        Assert.Equal(ErrorCodes.RigConflict, Assert.IsType<RegistryRefusal>(otherHome).Reason.Code);
        Assert.Equal("node-a", Assert.IsType<RigRegistered>(again).Entry.HomeNode); // the first home node stays
    }
}
