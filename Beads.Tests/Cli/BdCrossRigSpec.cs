using System.Diagnostics;
using System.Text.Json.Nodes;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Cli;

/// <summary>
/// <c>bd dep add a-1 b-2</c> across rigs, through the real bd and host: a-1 waits for b-2 of another rig, is out of
/// <c>bd ready</c> and in <c>bd blocked</c> until b-2 closes, and then is ready by itself.
/// </summary>
public sealed class BdCrossRigSpec(BdHostFixture host, ITestOutputHelper output) : BdSpec(host)
{
    private async Task<bool> Ready(string project, string id) =>
        (await Json(project, "ready")).AsArray().Any(issue => (string)issue!["id"]! == id);

    [SkippableFact]
    public async Task An_issue_waiting_for_another_rigs_issue_is_ready_once_that_issue_closes()
    {
        RequireBinaries();
        var client = await NewRig("xr-client", "xrc");
        var api = await NewRig("xr-api", "xra");
        var endpoint = await Create(api, "the endpoint");
        var caller = await Create(client, "call the endpoint");

        var added = await Json(client, "dep", "add", caller, endpoint);
        Assert.Equal($"external:xra:{endpoint}", (string)added["depends_on_id"]!);
        Assert.Equal("blocks", (string)added["type"]!);
        Assert.False(await Ready(client, caller));
        var blocked = (await Json(client, "blocked")).AsArray().Single(issue => (string)issue!["id"]! == caller)!;
        Assert.Contains($"external:xra:{endpoint}", blocked["blocked_by"]!.AsArray().Select(b => (string)b!));

        var watch = Stopwatch.StartNew();
        await Ok(api, "close", endpoint, "--reason", "shipped");
        var closed = watch.Elapsed;
        await Poll.Until(() => Ready(client, caller), TimeSpan.FromSeconds(15), $"{caller} ready after {endpoint} closed",
            TimeSpan.FromMilliseconds(20));
        output.WriteLine($"ready {(watch.Elapsed - closed).TotalMilliseconds:0} ms after bd close returned (polled by bd ready)");

        // Reopened, it holds the caller back again; the edge removed, nothing does.
        await Ok(api, "reopen", endpoint);
        await Poll.Until(async () => !await Ready(client, caller), TimeSpan.FromSeconds(15), $"{caller} blocked again");
        await Ok(client, "dep", "remove", caller, endpoint);
        Assert.True(await Ready(client, caller));
    }
}
