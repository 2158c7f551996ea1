using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Sync;

/// <summary>
/// Tools that watch <c>.beads/</c> (beads-ui refreshes when a file directly in it changes) see every change soon after
/// it is made, long before the debounced JSONL flush, which is held back here for an hour.
/// </summary>
public sealed class LastTouchedSpec(ITestOutputHelper output) : SyncTestKit(output, "flush-debounce = 1h, flush-max-wait = 1h")
{
    [Fact]
    public async Task Every_change_rewrites_last_touched_with_its_issue_long_before_the_flush()
    {
        var home = NewHome("watched");
        var rig = await StartRigAt("watched", home);
        var lastTouched = BeadsFolder.LastTouchedIn(home);
        await AwaitAssertAsync(() => Assert.True(File.Exists(JsonlIn(home))), Eventually); // the empty rig's catch-up write
        var jsonlBefore = File.ReadAllBytes(JsonlIn(home));

        var first = await Create(rig, "watched", "first");
        await AwaitAssertAsync(() => Assert.Equal(first.Id + "\n", File.ReadAllText(lastTouched)), Eventually, TimeSpan.FromMilliseconds(20));

        var second = await Create(rig, "watched", "second");
        await Ask<IssueResult>(rig, new UpdateIssue("watched", Agent, first.Id) { AddLabels = ["seen"] });
        await AwaitAssertAsync(() => Assert.Equal(first.Id + "\n", File.ReadAllText(lastTouched)), Eventually, TimeSpan.FromMilliseconds(20));

        Assert.NotEqual(second.Id, first.Id);
        Assert.Equal(jsonlBefore, File.ReadAllBytes(JsonlIn(home))); // the flush still waits
    }
}
