using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>
/// bd events tail and the gateway's event stream: every committed change, numbered, resumable from a position or a
/// Last-Event-ID, followed live, and a position it cannot serve said as an error.
/// </summary>
public sealed class BdEventsSpec(BdHostFixture host) : BdSpec(host)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static List<JsonNode> Lines(BdResult result) =>
        [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)];

    [SkippableFact]
    public async Task Tail_prints_each_change_once_in_order_and_resumes_after_the_position_it_is_given()
    {
        RequireBinaries();
        var project = await NewRig("tail", "tl");
        var first = await Create(project, "first");
        await Ok(project, "update", first, "--claim");
        await Ok(project, "close", first, "--reason", "done");

        var all = Lines(await Ok(project, "events", "tail", "--json"));
        var issueChanges = all.Where(line => line["issue_id"] is not null).ToList();
        Assert.Equal(["created", "claimed", "closed"], issueChanges.Select(line => (string)line["kind"]!));
        Assert.Equal("closed", (string)issueChanges[^1]["issue"]!["status"]!);
        Assert.Equal("done", (string)issueChanges[^1]["comment"]!);
        var seqs = all.Select(line => (long)line["seq"]!).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());

        var claimedAt = (long)issueChanges[1]["seq"]!;
        var rest = Lines(await Ok(project, "events", "tail", "--json", "--since", claimedAt.ToString()));
        Assert.Equal(all.SkipWhile(line => (long)line["seq"]! <= claimedAt).Select(line => (long)line["seq"]!),
            rest.Select(line => (long)line["seq"]!));
    }

    [SkippableFact]
    public async Task A_position_the_feed_cannot_serve_and_a_malformed_one_are_refused_with_what_to_do()
    {
        RequireBinaries();
        var project = await NewRig("gap", "gp");
        await Expect(project, ["events", "tail", "--since", "9999"], 1, "no change after 9999");
        var json = await Bd(project, "events", "tail", "--since", "9999", "--json");
        Assert.Equal(ErrorCodes.FeedGap, (string)JsonNode.Parse(json.Stderr)!["code"]!);
        await Expect(project, ["events", "tail", "--since", "yesterday"], 2, "is not a feed position");
        await Expect(project, ["events", "tail", "--all", "--rig", "gap"], 2, "not both");
        await Expect(project, ["events", "tail", "--bogus"], 2, "--bogus");
    }

    [SkippableFact]
    public async Task A_follower_sees_a_change_made_after_it_started_and_a_follower_of_every_rig_sees_a_new_rig()
    {
        RequireBinaries();
        var project = await NewRig("follow", "fw");
        using var one = StartTail(project, "events", "tail", "--follow", "--json");
        using var every = StartTail(project, "events", "tail", "--follow", "--all", "--json");
        // Both have caught up once they print this rig's init.
        await one.NextMatching(line => (string)line["kind"]! == "rig_initialized");
        await every.NextMatching(line => (string)line["kind"]! == "rig_initialized" && (string)line["rig"]! == Path.GetFileName(project));

        var created = await Create(project, "made while followed");
        var seen = await one.NextMatching(line => (string?)line["issue_id"] == created);
        Assert.Equal("made while followed", (string)seen["issue"]!["title"]!);

        var other = await NewRig("follow-new", "fn");
        var elsewhere = await Create(other, "in a rig made after the follower began");
        await every.NextMatching(line => (string?)line["issue_id"] == created);
        await every.NextMatching(line => (string?)line["issue_id"] == elsewhere);
    }

    [SkippableFact]
    public async Task The_gateway_serves_the_feed_as_server_sent_events_resumable_with_last_event_id()
    {
        RequireBinaries();
        var project = await NewRig("sse", "ss");
        var rig = Path.GetFileName(project);
        for (var n = 0; n < 3; n++) await Create(project, $"issue {n}");
        using var http = SocketHttp(Host.Socket);

        var whole = await Events(http, $"{GatewayRoutes.Feed}?rig={rig}", lastEventId: null);
        var changes = whole.Where(item => item.EventType == "change").ToList();
        Assert.Equal("caught-up", whole[^1].EventType);
        Assert.All(changes, item => Assert.Equal((string)JsonNode.Parse(item.Data)!["seq"]!.ToString(), item.EventId));

        var resumed = await Events(http, $"{GatewayRoutes.Feed}?rig={rig}&since=0", lastEventId: changes[1].EventId);
        Assert.Equal(changes.Skip(2).Select(item => item.EventId), resumed.Where(item => item.EventType == "change").Select(item => item.EventId));

        using var bad = await http.GetAsync($"{GatewayRoutes.Feed}?rig={rig}&since=99999");
        Assert.Equal(410, (int)bad.StatusCode);
        using var neither = await http.GetAsync(GatewayRoutes.Feed);
        Assert.Equal(400, (int)neither.StatusCode);
    }

    private static async Task<List<SseItem<string>>> Events(HttpClient http, string path, string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync()) items.Add(item);
        return items;
    }

    private static HttpClient SocketHttp(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellation) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = new Uri("http://beads/"), Timeout = Long };

    private RunningTail StartTail(string project, params string[] args)
    {
        var start = new ProcessStartInfo(RepositoryPaths.Bd, args)
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var (key, value) in BdHostFixture.BdEnvironment(Host.Socket)) start.Environment[key] = value;
        return new RunningTail(Process.Start(start)!);
    }

    /// <summary>A bd events tail --follow this test started, read line by line, and killed when the test ends.</summary>
    private sealed class RunningTail(Process process) : IDisposable
    {
        public async Task<JsonNode> NextMatching(Func<JsonNode, bool> wanted)
        {
            using var timeout = new CancellationTokenSource(Long);
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                           ?? throw new Xunit.Sdk.XunitException($"bd events tail ended: {await process.StandardError.ReadToEndAsync()}");
                if (JsonNode.Parse(line) is { } node && wanted(node)) return node;
            }
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
    }
}
