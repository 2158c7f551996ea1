using System.Collections;
using System.Collections.Immutable;
using Beads.Actors.Sync;
using Xunit;

namespace Beads.Tests.Sync;

public sealed class RigSyncSettingsTests
{
    private static SettingLayer Layer(string source, params (string Key, string Text)[] values) =>
        new(values.ToImmutableDictionary(v => v.Key, v => new SettingValue(v.Text, source)));

    [Fact]
    public void Without_layers_the_built_in_values_hold()
    {
        var settings = RigSyncSettings.Resolve();

        Assert.Equal(SyncMode.GitPortable, settings.Mode);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.FlushDebounce);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.RemoteSyncInterval);
        Assert.False(settings.NoAutoFlush || settings.NoAutoImport || settings.NoJsonlExport);
        Assert.True(settings.WritesJsonl);
        Assert.Equal(RigSyncSettings.BuiltIn, settings.SourceOf("flush-debounce"));
    }

    [Fact]
    public void Later_layers_win_and_each_value_remembers_its_source()
    {
        var settings = RigSyncSettings.Resolve(
            Layer("hocon", ("flush-debounce", "5s"), ("sync.mode", "git-portable"), ("no-auto-import", "off")),
            Layer("file", ("flush-debounce", "1s"), ("sync.mode", "dolt-native")),
            Layer("env", ("flush-debounce", "30s")));

        Assert.Equal(TimeSpan.FromSeconds(30), settings.FlushDebounce);
        Assert.Equal("env", settings.SourceOf("flush-debounce"));
        Assert.Equal(SyncMode.DoltNative, settings.Mode);
        Assert.Equal("file", settings.SourceOf("sync.mode"));
        Assert.Equal("hocon", settings.SourceOf("no-auto-import"));
        Assert.Empty(settings.Problems);
    }

    [Fact]
    public void An_invalid_value_is_ignored_keeping_the_one_beneath_and_says_why_with_the_valid_range()
    {
        var settings = RigSyncSettings.Resolve(
            Layer("hocon", ("flush-debounce", "2s")),
            Layer("file", ("flush-debounce", "soon"), ("sync.mode", "git-ish"), ("remote-sync-interval", "100ms")));

        Assert.Equal(TimeSpan.FromSeconds(2), settings.FlushDebounce);
        Assert.Equal(SyncMode.GitPortable, settings.Mode);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.RemoteSyncInterval);
        Assert.Equal(3, settings.Problems.Count);
        Assert.Contains(settings.Problems, p => p.StartsWith("file: 'soon' is not a valid flush-debounce: use a duration from 0 to 1h") && p.EndsWith("kept 2s"));
        Assert.Contains(settings.Problems, p => p.Contains("git-portable, realtime, dolt-native, belt-and-suspenders, dolt-only"));
        Assert.Contains(settings.Problems, p => p.Contains("0 (off), or a duration from 1s to 24h"));
    }

    [Theory]
    [InlineData("dolt-only", false)]
    [InlineData("dolt-native", true)]
    [InlineData("git-portable", true)]
    public void Dolt_only_writes_no_jsonl(string mode, bool writes) =>
        Assert.Equal(writes, RigSyncSettings.Resolve(Layer("x", ("sync.mode", mode))).WritesJsonl);

    [Fact]
    public void No_jsonl_export_writes_no_jsonl_in_any_mode() =>
        Assert.False(RigSyncSettings.Resolve(Layer("x", ("no-jsonl-export", "true"))).WritesJsonl);

    [Fact]
    public void Each_mode_commits_where_beads_does()
    {
        Assert.Equal([SyncMode.GitPortable, SyncMode.Realtime, SyncMode.BeltAndSuspenders],
            Enum.GetValues<SyncMode>().Where(m => m.CommitsToGit()));
        Assert.Equal([SyncMode.DoltNative, SyncMode.BeltAndSuspenders, SyncMode.DoltOnly],
            Enum.GetValues<SyncMode>().Where(m => m.CommitsToDolt()));
    }

    [Fact]
    public void Environment_variables_are_named_after_the_keys_and_empty_ones_are_unset()
    {
        var environment = new Hashtable { ["BD_FLUSH_DEBOUNCE"] = "30s", ["BD_SYNC_MODE"] = "realtime", ["BD_NO_AUTO_FLUSH"] = "" };

        var layer = SettingLayers.FromEnvironment(environment);

        Assert.Equal(new SettingValue("30s", "environment BD_FLUSH_DEBOUNCE"), layer.Values["flush-debounce"]);
        Assert.Equal("realtime", layer.Values["sync.mode"].Text);
        Assert.False(layer.Values.ContainsKey("no-auto-flush"));
    }

    [Fact]
    public void The_hocon_defaults_in_beads_conf_resolve_without_problems()
    {
        var config = Beads.Actors.Configuration.BeadsConfig.Load("beads.rig.sync.flush-debounce = 250ms");

        var settings = RigSyncSettings.Resolve(SettingLayers.FromHocon(config));

        Assert.Empty(settings.Problems);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.FlushDebounce);
        Assert.Equal("default (HOCON beads.rig.sync.mode)", settings.SourceOf("sync.mode"));
        Assert.Equal(SyncSetting.All.Length, settings.Sources.Count);
    }

    [Fact]
    public void Hocon_paths_drop_the_repeated_sync_prefix() =>
        Assert.Equal(["beads.rig.sync.mode", "beads.rig.sync.flush-debounce"],
            new[] { SyncSetting.Mode.HoconPath, SyncSetting.FlushDebounce.HoconPath });

    [Fact]
    public void Settings_are_found_by_key_whatever_the_case() => Assert.Same(SyncSetting.Mode, SyncSetting.Find(" Sync.Mode "));

}
