using Beads.Actors.Jsonl;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Sync;

/// <summary>The rig's flush child on a real store and a real folder, with short intervals; outcomes awaited, never timed.</summary>
public sealed class FlushSpec(ITestOutputHelper output) : SyncTestKit(output, "flush-debounce = 150ms, flush-max-wait = 10s")
{
    [Fact]
    public async Task A_change_reaches_issues_jsonl_after_the_debounce_exactly_as_a_full_export_writes_it()
    {
        var home = NewHome("debounce");
        var rig = await StartRigAt("debounce", home);

        var first = await Create(rig, "debounce", "first");
        var second = await Create(rig, "debounce", "second");
        await Ask<IssueResult>(rig, new UpdateIssue("debounce", Agent, first.Id) { AddLabels = ["flushed"] });

        await FileHolds(home, first.Id, second.Id);
        await AwaitAssertAsync(async () => Assert.Equal(Exported.Jsonl(await All(rig, "debounce")), File.ReadAllBytes(JsonlIn(home))),
            Eventually);
        var stats = await SyncStats(rig, "debounce");
        Assert.InRange(stats.Flushes, 1, 4);
        Assert.Equal(0, stats.DirtyIssues);
        Assert.Null(stats.LastError);
    }

    [Fact]
    public async Task A_change_made_with_no_auto_flush_waits_for_the_next_flush_made_for_another_reason()
    {
        var home = NewHome("held");
        var rig = await StartRigAt("held", home);
        var first = await Create(rig, "held", "flushed as usual");
        await FileHolds(home, first.Id);

        var held = (await Ask<IssueResult>(rig, new DeliverOnce(DeliverOnce.NewRequestId(), new CreateIssue("held", Agent, "kept out")) { NoAutoFlush = true })).Issue;
        await Task.Delay(600); // four debounces: an automatic flush would have come

        Assert.Equal([first.Id], IdsInFile(home));
        Assert.Equal(1, (await SyncStats(rig, "held")).DirtyIssues);
        var flushed = await FlushOnly(rig, "held");
        Assert.Null(flushed.Error);
        Assert.Contains("wrote 2 issues", flushed.Jsonl);
        Assert.Equal(new[] { first.Id, held.Id }.Order(StringComparer.Ordinal), IdsInFile(home));
    }

    [Fact]
    public async Task A_stopping_rig_flushes_first_and_a_killed_one_catches_up_when_it_comes_back()
    {
        var home = NewHome("restart");
        var rig = await StartRigAt("restart", home, SlowFlush());
        var before = await Create(rig, "restart", "written on the way out");
        await Stop(rig);
        Assert.Equal([before.Id], IdsInFile(home));

        rig = await StartRigAt("restart", home, SlowFlush());
        var lost = await Create(rig, "restart", "durable but never flushed");
        await Kill(rig);
        Assert.Equal([before.Id], IdsInFile(home));

        rig = await StartRigAt("restart", home);
        await FileHolds(home, before.Id, lost.Id);
        Assert.Equal(Exported.Jsonl(await All(rig, "restart")), File.ReadAllBytes(JsonlIn(home)));
    }

    [Fact]
    public async Task No_auto_flush_in_config_yaml_turns_automatic_flushes_off_and_bd_sync_flush_only_still_writes()
    {
        var home = NewHome("manual");
        File.WriteAllText(Path.Combine(home, ".beads", "config.yaml"), "rig: manual\nprefix: bd\nno-auto-flush: true\n");
        var rig = await StartRigAt("manual", home);

        var issue = await Create(rig, "manual", "only on request");
        await Task.Delay(600);

        Assert.False(File.Exists(JsonlIn(home)));
        await FlushOnly(rig, "manual");
        Assert.Equal([issue.Id], IdsInFile(home));
    }

    [Fact]
    public async Task Dolt_only_writes_no_jsonl_and_says_why()
    {
        var home = NewHome("dolt");
        File.WriteAllText(Path.Combine(home, ".beads", "config.yaml"), "sync:\n  mode: dolt-only\n");
        var rig = await StartRigAt("dolt", home);
        await Create(rig, "dolt", "in the store only");

        var sync = await Ask<SyncResult>(rig, new SyncRig("dolt"));

        Assert.Equal("dolt-only", sync.Mode);
        Assert.Contains("no JSONL written", sync.Jsonl);
        Assert.Contains("not a Dolt server", sync.Dolt);
        Assert.Null(sync.Error);
        Assert.False(File.Exists(JsonlIn(home)));
    }

    private Beads.Actors.Rigs.RigSettings SlowFlush() =>
        Settings(new System.Collections.Hashtable { ["BD_FLUSH_DEBOUNCE"] = "1h", ["BD_FLUSH_MAX_WAIT"] = "1h" });
}
