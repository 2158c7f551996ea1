using Akka.Actor;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Sync;

/// <summary>A rig running on a node other than its home node (which is down) must not touch its folder.</summary>
public sealed class AwayFromHomeSpec(ITestOutputHelper output) : SyncTestKit(output)
{
    [Fact]
    public async Task Away_from_its_home_node_a_rig_takes_writes_and_keeps_its_flush_pending()
    {
        var home = NewHome("away");
        var rig = await StartRigAway("away", home, Settings() with { NodeName = "stand-in" });

        await Create(rig, "away", "written while the home node is down");

        var stats = await SyncStats(rig, "away");
        Assert.Equal("pending", stats.Mode);
        Assert.Contains("home node home-node", stats.LastError);
        var refused = await rig.Ask<IRigReply>(new SyncRig("away", FlushOnly: true), AskTimeout);
        Assert.Equal(ErrorCodes.InvalidState, Assert.IsType<Rejected>(refused).Code);
        Assert.False(File.Exists(JsonlIn(home)));
    }

    [Fact]
    public async Task Away_from_its_home_node_bd_config_neither_writes_config_yaml_nor_starts_the_flush()
    {
        var home = NewHome("configured");
        // Flushed at once if a flush child ran: the file would be there as soon as the change is durable.
        var settings = Settings(new System.Collections.Hashtable { ["BD_FLUSH_DEBOUNCE"] = "0s" }) with { NodeName = "stand-in" };
        var rig = await StartRigAway("configured", home, settings);

        var set = await rig.Ask<IRigReply>(new SetRigConfig("configured", Agent, "flush-debounce", "1s"), AskTimeout);
        await Ask<RigConfigResult>(rig, new GetRigConfig("configured"));
        await Create(rig, "configured", "written after bd config");
        await Task.Delay(TimeSpan.FromSeconds(1)); // time for a flush that must not happen

        Assert.Equal(ErrorCodes.InvalidState, Assert.IsType<Rejected>(set).Code);
        Assert.False(File.Exists(Beads.Protocol.BeadsFolder.ConfigIn(home)));
        Assert.Equal("pending", (await SyncStats(rig, "configured")).Mode);
        Assert.Equal(ErrorCodes.InvalidState, Assert.IsType<Rejected>(await rig.Ask<IRigReply>(new SyncRig("configured", FlushOnly: true), AskTimeout)).Code);
        Assert.False(File.Exists(JsonlIn(home)));
    }

    [Fact]
    public async Task A_home_on_a_shared_path_is_flushed_from_any_node()
    {
        var home = NewHome("shared");
        var settings = Settings() with { NodeName = "stand-in", SharedHomePaths = [Path.GetDirectoryName(home)!] };
        var rig = await StartRigAway("shared", home, settings);
        var issue = await Create(rig, "shared", "flushed by a stand-in");

        Assert.Null((await FlushOnly(rig, "shared")).Error);
        await FileHolds(home, issue.Id);
    }

    [Fact]
    public async Task A_rig_without_a_jsonl_runs_and_syncs_anywhere_with_the_mode_it_recorded_at_home()
    {
        var home = NewHome("dolty");
        Beads.Protocol.RigConfigYaml.Write(Beads.Protocol.BeadsFolder.ConfigIn(home), "sync.mode", "dolt-only");
        var atHome = await StartRigAway("dolty", home, Settings() with { NodeName = "home-node" });
        await AwaitAssertAsync(async () => Assert.Equal("dolt-only", (await SyncStats(atHome, "dolty")).Mode), Eventually);
        await Stop(atHome);
        File.Delete(Beads.Protocol.BeadsFolder.ConfigIn(home)); // elsewhere, the home's config.yaml cannot be read

        var elsewhere = Sys.ActorOf(RigActor.Props("dolty", Settings() with { NodeName = "stand-in" }));
        await AwaitAssertAsync(async () => Assert.Equal("dolt-only", (await SyncStats(elsewhere, "dolty")).Mode), Eventually);
        var synced = await Ask<SyncResult>(elsewhere, new SyncRig("dolty"));

        Assert.Null(synced.Error);
        Assert.True(synced.Dolt.Contains("not a Dolt server"), $"{synced}");
        Assert.False(File.Exists(JsonlIn(home)));
    }

    private async Task<IActorRef> StartRigAway(string name, string home, RigSettings settings)
    {
        var rig = Sys.ActorOf(RigActor.Props(name, settings));
        await Ask<RigInfo>(rig, new InitRig(name, Agent, "bd", home) { HomeNode = "home-node" });
        return rig;
    }
}
