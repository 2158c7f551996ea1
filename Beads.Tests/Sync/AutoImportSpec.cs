using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Actors.Sync;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Sync;

/// <summary>Outside edits of issues.jsonl are imported; Beads' own output never is (beads' issue #1623).</summary>
public sealed class AutoImportSpec(ITestOutputHelper output) : SyncTestKit(output, "auto-import-interval = 50ms, flush-debounce = 100ms")
{
    /// <summary>A teammate's later edit: newer than the rig's stamps, and not so far ahead of its clock that the import refuses it.</summary>
    private static string ALittleLater => DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_outside_edit_of_the_file_is_imported_and_the_file_then_matches_the_rig()
    {
        var home = NewHome("edited");
        var rig = await StartRigAt("edited", home);
        var issue = await Create(rig, "edited", "as Beads wrote it");
        await FileHolds(home, issue.Id);

        // A teammate's change arrives by git pull: a newer title on this issue and a new issue.
        var line = JsonNode.Parse(File.ReadAllLines(JsonlIn(home)).Single())!.AsObject();
        line["title"] = "changed by a teammate";
        line["updated_at"] = ALittleLater;
        var added = line.DeepClone().AsObject();
        added["id"] = "bd-zzz";
        added["title"] = "new from the teammate";
        File.WriteAllText(JsonlIn(home), $"{line.ToJsonString()}\n{added.ToJsonString()}\n", Encoding.UTF8);

        await AwaitAssertAsync(async () =>
        {
            var issues = await All(rig, "edited");
            Assert.Equal(["changed by a teammate", "new from the teammate"], issues.Select(i => i.Title).Order());
        }, Eventually, TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, (await SyncStats(rig, "edited")).AutoImports);
        await AwaitAssertAsync(async () => Assert.Equal(Exported.Jsonl(await All(rig, "edited")), File.ReadAllBytes(JsonlIn(home))),
            Eventually);
    }

    [Fact]
    public async Task Beads_own_older_output_seen_again_on_disk_is_never_imported_over_newer_writes()
    {
        // beads #1623: the file is Beads' own output (H1); newer writes are durable but not yet flushed; then the file is
        // seen again on disk. Importing it would put the older copies back over the fresh writes.
        var home = NewHome("issue-1623");
        var rig = await StartRigAt("issue-1623", home, Settings(new System.Collections.Hashtable { ["BD_FLUSH_DEBOUNCE"] = "1h" }));
        var issue = await Create(rig, "issue-1623", "original");
        await FlushOnly(rig, "issue-1623");
        var ownOutput = File.ReadAllBytes(JsonlIn(home));

        var fresh = await Ask<IssueResult>(rig, new UpdateIssue("issue-1623", Agent, issue.Id)
        {
            Fields = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("title", "fresh write"),
        });
        File.WriteAllBytes(JsonlIn(home), ownOutput); // the same content, written again: a new modification time
        File.SetLastWriteTimeUtc(JsonlIn(home), DateTime.UtcNow.AddSeconds(5));
        await Task.Delay(500); // ten checks: an import would have happened

        var stats = await SyncStats(rig, "issue-1623");
        Assert.Equal(0, stats.AutoImports);
        Assert.Equal("fresh write", (await All(rig, "issue-1623")).Single().Title);
        Assert.Equal(fresh.Issue.UpdatedAt, (await All(rig, "issue-1623")).Single().UpdatedAt);
        await FlushOnly(rig, "issue-1623");
        Assert.Contains("fresh write", File.ReadAllText(JsonlIn(home)));
    }

    [Fact]
    public async Task An_outside_file_with_older_copies_changes_nothing_and_is_overwritten_with_the_rig()
    {
        var home = NewHome("older");
        var rig = await StartRigAt("older", home);
        var issue = await Create(rig, "older", "newest here");
        await FileHolds(home, issue.Id);
        var line = JsonNode.Parse(File.ReadAllLines(JsonlIn(home)).Single())!.AsObject();
        line["title"] = "stale copy from an old branch";
        line["updated_at"] = "2001-01-01T00:00:00Z";
        File.WriteAllText(JsonlIn(home), line.ToJsonString() + "\n");

        await AwaitAssertAsync(async () => Assert.Equal(1, (await SyncStats(rig, "older")).AutoImports), Eventually,
            TimeSpan.FromMilliseconds(50));
        Assert.Equal("newest here", (await All(rig, "older")).Single().Title);
        await AwaitAssertAsync(() => Assert.Contains("newest here", File.ReadAllText(JsonlIn(home))), Eventually);
    }

    [Fact]
    public async Task Among_lines_as_Beads_wrote_them_only_the_changed_ones_count_and_bad_lines_keep_their_numbers()
    {
        var home = NewHome("few-changed");
        var rig = await StartRigAt("few-changed", home);
        var issues = new List<Issue>();
        foreach (var title in new[] { "one", "two", "three" }) issues.Add(await Create(rig, "few-changed", title));
        await FileHolds(home, [.. issues.Select(i => i.Id)]);
        var lines = File.ReadAllLines(JsonlIn(home));

        // A bad third line among the rig's own: refused, and reported by its number in the whole file.
        File.WriteAllText(JsonlIn(home), $"{lines[0]}\n{lines[1]}\n{{oops\n{lines[2]}\n");
        await AwaitAssertAsync(async () => Assert.Contains("line 3:", (await SyncStats(rig, "few-changed")).LastError),
            Eventually, TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, (await SyncStats(rig, "few-changed")).AutoImports);

        // Issue "two" changed by a teammate, given twice: the newer copy first, then the rig's own line. (The file is in
        // id order, so which line holds "two" depends on the ids.)
        var two = lines.Single(line => line.Contains(issues[1].Id));
        var others = lines.Where(line => line != two).ToList();
        var changed = JsonNode.Parse(two)!.AsObject();
        changed["title"] = "two, changed by a teammate";
        changed["updated_at"] = ALittleLater;
        File.WriteAllText(JsonlIn(home), $"{others[0]}\n{changed.ToJsonString()}\n{two}\n{others[1]}\n");

        await AwaitAssertAsync(async () => Assert.Equal(1, (await SyncStats(rig, "few-changed")).AutoImports), Eventually,
            TimeSpan.FromMilliseconds(50));
        var now = await All(rig, "few-changed");
        Assert.Equal(["one", "three", "two, changed by a teammate"], now.Select(i => i.Title).Order());
        Assert.Equal(issues[0].UpdatedAt, now.Single(i => i.Id == issues[0].Id).UpdatedAt);
        await AwaitAssertAsync(async () => Assert.Equal(Exported.Jsonl(await All(rig, "few-changed")), File.ReadAllBytes(JsonlIn(home))),
            Eventually);
    }

    [Fact]
    public async Task No_auto_import_leaves_outside_edits_alone()
    {
        var home = NewHome("off");
        var rig = await StartRigAt("off", home, Settings(new System.Collections.Hashtable { ["BD_NO_AUTO_IMPORT"] = "1" }));
        var issue = await Create(rig, "off", "kept");
        await FileHolds(home, issue.Id);
        File.WriteAllText(JsonlIn(home), File.ReadAllText(JsonlIn(home)).Replace("\"kept\"", "\"edited\"").Replace(
            issue.UpdatedAt.Year.ToString(), "2099"));

        await Task.Delay(500);

        Assert.Equal("kept", (await All(rig, "off")).Single().Title);
        Assert.Equal(0, (await SyncStats(rig, "off")).AutoImports);
    }

    [Fact]
    public void A_file_the_flush_announced_is_never_imported_even_when_checks_see_it_before_the_flush_says_it_wrote_it()
    {
        // The flush child renamed its file into place and was then held up (a busy machine) before its JsonlWritten:
        // checks see a new file, and then the same file again, before they hear whose it is.
        var home = NewHome("announced");
        var file = JsonlFile.In(home);
        var settings = RigSyncSettings.Default with { AutoImportInterval = TimeSpan.FromMilliseconds(20) };
        var importer = ChildActorOf(AutoImportActor.Props("announced", file, RigState.Empty, settings, "beads.sync-io-dispatcher"));
        Issue Issue(string title) => new()
        {
            Id = "bd-1", Title = title, Status = "open", IssueType = "task",
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        var own = Exported.Jsonl([Issue("written by the flush")]);

        importer.Tell(new JsonlWriting(JsonlFile.HashOf(own)));
        File.WriteAllBytes(file.Path, own);
        ExpectNoMsg(TimeSpan.FromMilliseconds(400)); // twenty checks: the file was seen, stable, and left alone

        File.WriteAllBytes(file.Path, Exported.Jsonl([Issue("written by a teammate")]));
        Assert.Equal("written by a teammate", ExpectMsg<ImportIssues>(TimeSpan.FromSeconds(10)).Issues.Single().Title);
    }
}
