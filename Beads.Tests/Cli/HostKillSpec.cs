using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Cli;

/// <summary>
/// The real published host on the server store, killed with SIGKILL in the middle of 1,000 concurrent creates: after a
/// restart every acknowledged issue is in the journal (reads show it) and in the SQL tables.
/// </summary>
public sealed class HostKillSpec(ITestOutputHelper output) : IDisposable
{
    private const string Rig = "killed";
    private const int Creates = 1000;
    private const int InFlight = 100;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "beads-kill-tests", Guid.NewGuid().ToString("N")[..12]);
    private TempServerDatabase? _database;

    private string Socket => Path.Combine(_folder, "run", "bd.sock");

    [SkippableFact]
    public async Task Every_issue_acknowledged_before_a_SIGKILL_is_in_the_journal_in_reads_and_in_the_tables_after_a_restart()
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        _database = TempServerDatabase.Create();
        var project = Directory.CreateDirectory(Path.Combine(_folder, "project")).FullName;

        var host = await StartHost();
        Assert.Equal(0, (await Bd(project, "init", "--prefix", "kl", "--rig", Rig)).ExitCode);

        var acknowledged = new ConcurrentBag<string>();
        using var http = GatewayClient();
        using var gate = new SemaphoreSlim(InFlight);
        var creates = Enumerable.Range(0, Creates).Select(async n =>
        {
            await gate.WaitAsync();
            try
            {
                if (await TryCreate(http, $"issue {n}") is { } id) acknowledged.Add(id);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var allSent = Task.WhenAll(creates);
        await Poll.TryUntil(() => acknowledged.Count >= Creates / 3 || allSent.IsCompleted, TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(5));
        var acknowledgedBeforeTheKill = acknowledged.Count;
        var allFinishedBeforeTheKill = allSent.IsCompleted;
        host.Kill(); // SIGKILL: no shutdown, no flush, nothing
        await host.WaitForExitAsync();
        await allSent;
        Assert.True(acknowledgedBeforeTheKill >= Creates / 3,
            $"only {acknowledgedBeforeTheKill} of {Creates} creates were acknowledged {(allFinishedBeforeTheKill ? "when all had finished" : "within 60 s")}");
        output.WriteLine($"{acknowledged.Count} of {Creates} creates acknowledged before the kill");

        using var restarted = await StartHost();
        var listed = await Bd(project, "list", "--all", "--json");
        Assert.Equal(0, listed.ExitCode);
        var ids = JsonNode.Parse(listed.Stdout)!.AsArray().Select(issue => (string)issue!["id"]!).ToHashSet();
        Assert.Subset(ids, acknowledged.ToHashSet());

        HashSet<string> projected = [];
        await Poll.TryUntil(() => (projected = ProjectedIds()).IsSupersetOf(ids), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
        Assert.Subset(projected, ids);
        await Bd(project, "host", "stop");
        await restarted.WaitForExitAsync();
    }

    /// <summary>Sends one create over the host's socket; the new id when it is acknowledged, null when the host died first.</summary>
    private static async Task<string?> TryCreate(HttpClient http, string title)
    {
        var body = JsonSerializer.Serialize<IRigMessage>(new CreateIssue(Rig, "agent", title), ProtocolJson.Options);
        try
        {
            using var response = await http.PostAsync(GatewayRoutes.Rig, new StringContent(body, Encoding.UTF8, "application/json"));
            if (!response.IsSuccessStatusCode) return null;
            var reply = JsonSerializer.Deserialize<IRigReply>(await response.Content.ReadAsStringAsync(), ProtocolJson.Options);
            return (reply as IssueResult)?.Issue.Id;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }

    private HttpClient GatewayClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellation) =>
        {
            var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        },
        MaxConnectionsPerServer = InFlight,
    })
    {
        BaseAddress = new Uri("http://beads/"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    private string DataDirectory => Path.Combine(_folder, "data");

    private async Task<Process> StartHost()
    {
        var host = BdHostFixture.StartHost(Socket, DataDirectory,
            environment: new Dictionary<string, string> { ["BEADS_DB"] = _database!.ConnectionString });
        await BdHostFixture.AwaitAnswer(host, Socket, DataDirectory);
        return host;
    }

    private Task<BdResult> Bd(string directory, params string[] args) =>
        BdHostFixture.RunBd(directory, args, BdHostFixture.BdEnvironment(Socket));

    private HashSet<string> ProjectedIds()
    {
        using var connection = _database!.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM issues WHERE rig = '{Rig}'";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    public void Dispose()
    {
        _database?.Dispose();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* temp folder: harmless */ }
    }
}
