using Beads.Protocol;
using Beads.Actors.Sync;
using Xunit;

namespace Beads.Tests.Sync;

public sealed class RigConfigYamlTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "beads-tests", Guid.NewGuid().ToString("N"))).FullName;

    private string File(string text)
    {
        var path = Path.Combine(_folder, "config.yaml");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Flat_and_nested_keys_are_both_read_and_unknown_keys_ignored()
    {
        var layer = SyncSettingsFile.Read(File("""
            # Beads rig settings
            rig: demo
            prefix: bd
            no-auto-flush: true
            flush-debounce: "30s"
            sync:
              mode: dolt-native   # beads' nested form
              branch: beads-sync
            """));

        Assert.Equal(["flush-debounce", "no-auto-flush", "sync.mode"], layer.Values.Keys.Order());
        Assert.Equal("dolt-native", layer.Values["sync.mode"].Text);
        Assert.Equal("30s", layer.Values["flush-debounce"].Text);
        Assert.StartsWith(SyncSettingsFile.Source, layer.Values["sync.mode"].Source);
        Assert.Null(layer.Problem);
    }

    [Fact]
    public void A_missing_file_sets_nothing_and_a_broken_one_says_so()
    {
        Assert.Empty(SyncSettingsFile.Read(Path.Combine(_folder, "absent.yaml")).Values);

        var broken = SyncSettingsFile.Read(File("sync: [unclosed\n"));

        Assert.Empty(broken.Values);
        Assert.Contains("could not be read", broken.Problem);
    }

    [Fact]
    public void Setting_a_key_replaces_its_line_and_keeps_everything_else()
    {
        const string before = "# comment\nrig: demo\nprefix: bd\nflush-debounce: 5s\nsync:\n  branch: x\n  mode: git-portable\n";

        Assert.Equal("# comment\nrig: demo\nprefix: bd\nflush-debounce: 30s\nsync:\n  branch: x\n  mode: git-portable\n",
            RigConfigYaml.WithValue(before, "flush-debounce", "30s"));
        Assert.Equal("# comment\nrig: demo\nprefix: bd\nflush-debounce: 5s\nsync:\n  branch: x\n  mode: realtime\n",
            RigConfigYaml.WithValue(before, "sync.mode", "realtime"));
    }

    [Fact]
    public void A_new_key_is_added_flat_or_into_its_block()
    {
        Assert.Equal("rig: demo\nno-auto-import: true\nsync:\n  mode: dolt-only\n",
            RigConfigYaml.WithValue(RigConfigYaml.WithValue("rig: demo\n", "no-auto-import", "true"), "sync.mode", "dolt-only"));
        Assert.Equal("sync:\n  mode: realtime\n  branch: x\nrig: demo\n",
            RigConfigYaml.WithValue("sync:\n  branch: x\nrig: demo\n", "sync.mode", "realtime"));
        Assert.Equal("sync.mode: realtime\n", RigConfigYaml.WithValue("sync.mode: dolt-only\n", "sync.mode", "realtime"));
    }

    [Fact]
    public void A_removed_key_leaves_its_line_and_an_emptied_block_its_header()
    {
        Assert.Equal("# c\nrig: demo\n", RigConfigYaml.WithoutKey("# c\nrig: demo\nflush-debounce: 5s\n", "flush-debounce"));
        Assert.Equal("rig: demo\n", RigConfigYaml.WithoutKey("rig: demo\nsync:\n  mode: realtime\n", "sync.mode"));
        Assert.Equal("sync:\n  branch: x\n", RigConfigYaml.WithoutKey("sync:\n  mode: realtime\n  branch: x\n", "sync.mode"));
        Assert.Equal("rig: demo\n", RigConfigYaml.WithoutKey("rig: demo\n", "sync.mode"));
    }

    [Fact]
    public void What_is_written_reads_back()
    {
        var path = Path.Combine(_folder, ".beads", "config.yaml");

        RigConfigYaml.Write(path, "sync.mode", "belt-and-suspenders");
        RigConfigYaml.Write(path, "flush-debounce", "250ms");

        var settings = RigSyncSettings.Resolve(SyncSettingsFile.Read(path));
        Assert.Equal((SyncMode.BeltAndSuspenders, TimeSpan.FromMilliseconds(250)), (settings.Mode, settings.FlushDebounce));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
