using System.Collections;
using Beads.Actors.Sync;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Sync;

/// <summary>bd config on a rig: sync settings go to its config.yaml and show where each value came from.</summary>
public sealed class SyncConfigSpec(ITestOutputHelper output) : SyncTestKit(output)
{
    private static RigSetting Setting(RigConfigResult config, string key) => config.Settings.Single(s => s.Key == key);

    [Fact]
    public async Task A_sync_setting_is_written_to_config_yaml_and_shown_with_its_source()
    {
        var home = NewHome("configured");
        File.WriteAllText(Path.Combine(home, ".beads", "config.yaml"), "# mine\nrig: configured\nprefix: bd\n");
        var rig = await StartRigAt("configured", home);

        var changed = await Ask<RigConfigResult>(rig, new SetRigConfig("configured", Agent, "flush-debounce", "30000ms"));

        Assert.Equal("30s", Setting(changed, "flush-debounce").Value);
        Assert.StartsWith(".beads/config.yaml", Setting(changed, "flush-debounce").Source);
        Assert.Equal("# mine\nrig: configured\nprefix: bd\nflush-debounce: 30s\n", File.ReadAllText(Path.Combine(home, ".beads", "config.yaml")));
        var listed = await Ask<RigConfigResult>(rig, new GetRigConfig("configured"));
        Assert.Equal("git-portable", Setting(listed, "sync.mode").Value);
        Assert.StartsWith("default (HOCON", Setting(listed, "sync.mode").Source);
        Assert.Equal(SyncSetting.All.Length + 3, listed.Settings.Count); // status.custom, types.custom, issue_prefix
    }

    [Fact]
    public async Task An_invalid_value_is_refused_with_the_valid_range_and_nothing_is_written()
    {
        var home = NewHome("strict");
        var rig = await StartRigAt("strict", home);

        var refused = await Ask<Rejected>(rig, new SetRigConfig("strict", Agent, "sync.mode", "git"));

        Assert.Equal(ErrorCodes.InvalidArgument, refused.Code);
        Assert.Equal("'git' is not a valid sync.mode: use git-portable, realtime, dolt-native, belt-and-suspenders, dolt-only", refused.Message);
        Assert.False(File.Exists(Path.Combine(home, ".beads", "config.yaml")));
    }

    [Fact]
    public async Task The_hosts_environment_wins_over_config_yaml_and_says_so()
    {
        var home = NewHome("overridden");
        var rig = await StartRigAt("overridden", home, Settings(new Hashtable { ["BD_FLUSH_DEBOUNCE"] = "2s" }));

        var changed = await Ask<RigConfigResult>(rig, new SetRigConfig("overridden", Agent, "flush-debounce", "30s"));

        Assert.Equal(("2s", "environment BD_FLUSH_DEBOUNCE"), (Setting(changed, "flush-debounce").Value, Setting(changed, "flush-debounce").Source));
    }

    [Fact]
    public async Task Journal_settings_keep_working_beside_the_sync_ones()
    {
        var home = NewHome("journal");
        var rig = await StartRigAt("journal", home);

        await Ask<RigInfo>(rig, new SetRigConfig("journal", Agent, "status.custom", "review"));

        var review = Setting(await Ask<RigConfigResult>(rig, new GetRigConfig("journal")), "status.custom");
        Assert.Equal(("review", RigConfigView.JournalSource), (review.Value, review.Source));
    }

    [Fact]
    public async Task Turning_no_auto_flush_on_stops_automatic_flushes_at_once()
    {
        var home = NewHome("switched");
        var rig = await StartRigAt("switched", home, Settings(new Hashtable { ["BD_FLUSH_DEBOUNCE"] = "100ms" }));
        var first = await Create(rig, "switched", "flushed");
        await FileHolds(home, first.Id);

        await Ask<RigConfigResult>(rig, new SetRigConfig("switched", Agent, "no-auto-flush", "yes"));
        await Create(rig, "switched", "not flushed");
        await Task.Delay(500);

        Assert.Equal([first.Id], IdsInFile(home));
    }

    [Fact]
    public async Task A_hand_edit_of_config_yaml_shows_and_applies_from_the_next_bd_config()
    {
        var home = NewHome("edited");
        var rig = await StartRigAt("edited", home, Settings(new Hashtable { ["BD_FLUSH_DEBOUNCE"] = "100ms" }));
        File.WriteAllText(Path.Combine(home, ".beads", "config.yaml"), "no-auto-flush: on\n");

        var listed = await Ask<RigConfigResult>(rig, new GetRigConfig("edited"));
        await Create(rig, "edited", "not flushed");
        await Task.Delay(500);

        Assert.Equal("true", Setting(listed, "no-auto-flush").Value);
        Assert.Empty(IdsInFile(home)); // the empty rig's file, written when it started, and nothing since
    }
}
