using System.Collections.Concurrent;
using System.Diagnostics;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cluster;

/// <summary>
/// bd given two nodes of a three-node cluster (BD_HOST=a,b) survives the death of the one it talks to: writers stream
/// creates through node 2 while node 2 is SIGKILLed, and bd sends what was in flight again through node 3 under the
/// same request id. Every create bd reported must be there exactly once, and no create it reported failed may exist.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class BdFailoverSpec
{
    private const int Writers = 6;

    private sealed record Create(string Title, TimeSpan Started, TimeSpan Took, BdResult Result);

    [SkippableFact]
    public async Task Bd_resends_through_the_next_node_and_every_create_it_reported_is_made_exactly_once()
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        await HostCluster.Run(3, StreamThroughADyingNode);
    }

    private static async Task StreamThroughADyingNode(HostCluster cluster)
    {
        var home = Path.Combine(cluster.Folder, "projects", "stream");
        Directory.CreateDirectory(home);
        await HostCluster.Ok(cluster[1], home, "init", "--rig", "stream", "--prefix", "st");
        var twoNodes = new Dictionary<string, string> { ["BD_HOST"] = $"unix://{cluster[2].Socket},unix://{cluster[3].Socket}" };

        var creates = new ConcurrentBag<Create>();
        var clock = Stopwatch.StartNew();
        var killedAt = TimeSpan.MaxValue;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var title = $"stream {writer}-{n}";
                var started = clock.Elapsed;
                var result = await HostCluster.Bd(cluster[1], home, twoNodes, "--rig", "stream", "create", title, "--silent");
                creates.Add(new Create(title, started, clock.Elapsed - started, result));
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        cluster.Kill(2);
        killedAt = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var listed = (await HostCluster.Json(cluster[1], "--rig", "stream", "list", "--all")).AsArray()
            .Select(i => (Id: (string)i!["id"]!, Title: (string)i["title"]!)).ToList();
        var reported = creates.Where(c => c.Result.ExitCode == 0).ToList();
        var failed = creates.Where(c => c.Result.ExitCode != 0).ToList();
        var afterKill = reported.Count(c => c.Started > killedAt);
        var inFlight = creates.Count(c => c.Started < killedAt && c.Started + c.Took > killedAt);
        Console.WriteLine($"[benchmark] bd with BD_HOST naming two nodes, the first SIGKILLed mid-stream: {reported.Count} creates reported, " +
                          $"{inFlight} in flight at the kill, {afterKill} sent after it, {failed.Count} failed; the slowest took " +
                          $"{creates.Max(c => c.Took).TotalSeconds:0.00} s");

        Assert.Empty(failed.Select(c => $"{c.Title}: {c.Result}").Take(3));
        Assert.True(afterKill > 0, "no create was sent after the kill");
        var ids = listed.Select(i => i.Id).ToHashSet();
        Assert.Empty(reported.Where(c => !ids.Contains(c.Result.Stdout.Trim())).Select(c => c.Title));
        var titles = listed.Select(i => i.Title).Where(t => t.StartsWith("stream ")).ToList();
        Assert.Equal(titles.Count, titles.Distinct().Count());
        Assert.Equal(reported.Select(c => c.Title).Order(), titles.Order());
    }
}
