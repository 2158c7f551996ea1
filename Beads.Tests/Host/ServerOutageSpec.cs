using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Beads.Actors.Cluster;
using Beads.Host;
using Beads.Host.Gateway;
using Beads.Protocol;
using Beads.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Host;

/// <summary>
/// The real host wiring on the server store while the database goes away for ten seconds under load (a proxy cuts
/// every connection and refuses new ones, as a stopped server would): writes fail fast with a clear error, no
/// acknowledged write is lost, and once the database is back everything converges without restarting the host; on a
/// standalone host and on a one-node cluster.
/// </summary>
public sealed class ServerOutageSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Rig = "outage";
    private const int Clients = 20;

    /// <summary>The bound the host keeps during an outage: every command is answered within it, success or refusal.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    private readonly TempDatabase _data = TempDatabase.Create();
    private TempServerDatabase? _server;
    private OutageProxy? _proxy;

    private sealed record Outcome(DateTime SentAt, TimeSpan Took, IRigReply? Reply, Exception? Failure);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <param name="standalone">A lone host as Beads.Host runs one (no cluster), else a one-node cluster.</param>
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Writes_fail_fast_during_a_ten_second_outage_nothing_acknowledged_is_lost_and_all_converges_after(bool standalone)
    {
        _server = TempServerDatabase.Create();
        var settings = new MySqlConnectionStringBuilder(_server.ConnectionString);
        _proxy = new OutageProxy(settings.Server, (int)settings.Port);
        settings.Server = "127.0.0.1";
        settings.Port = (uint)_proxy.Port;

        using var host = await StartHost(settings.ConnectionString, standalone);
        var rigs = await host.Region();
        Assert.IsType<RigInfo>(await rigs.Ask<IRigReply>(new InitRig(Rig, "tester", "out", "/tmp/outage"), TimeSpan.FromSeconds(30)));
        // As the gateway asks for its clients: a copy that the outage swallows (sharding may drop what a shard holds
        // when it cannot record its entities) is sent again, under the same request id.
        var messenger = new RigMessenger(host.Services.GetRequiredService<RigLocations>(), TimeSpan.FromSeconds(30));

        var outcomes = new ConcurrentQueue<Outcome>();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var sent = DateTime.UtcNow;
                var watch = Stopwatch.StartNew();
                IRigReply? reply = null;
                try
                {
                    reply = await messenger.Ask(rigs, DeliverOnce.Of(new CreateIssue(Rig, $"agent-{client}", $"issue {client}/{n}")), CancellationToken.None);
                    outcomes.Enqueue(new Outcome(sent, watch.Elapsed, reply, null));
                }
                catch (AskTimeoutException e)
                {
                    outcomes.Enqueue(new Outcome(sent, watch.Elapsed, null, e));
                }
                if (reply is not IssueResult) await Task.Delay(50); // a refused client backs off a little
            }
        })));

        await Task.Delay(TimeSpan.FromSeconds(3));
        var cutAt = DateTime.UtcNow;
        _proxy.Cut();
        await Task.Delay(Outage);
        var restoredAt = DateTime.UtcNow;
        _proxy.Restore();
        // Until a create sent after the restore has succeeded: the asserts below need one.
        await Poll.TryUntil(() => outcomes.Any(o => o.SentAt >= restoredAt && o.Reply is IssueResult), TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await load;

        var all = outcomes.ToList();
        var during = all.Where(o => o.SentAt >= cutAt && o.SentAt < restoredAt).ToList();
        var acknowledged = all.Select(o => o.Reply).OfType<IssueResult>().Select(r => r.Issue.Id).ToHashSet();
        var refusals = during.Select(o => o.Reply).OfType<Rejected>().ToList();
        output.WriteLine($"{all.Count} creates: {acknowledged.Count} acknowledged; during the outage {during.Count} sent, " +
                         $"{refusals.Count} refused, slowest answer {during.Max(o => o.Took).TotalMilliseconds:N0} ms; " +
                         $"after it {all.Count(o => o.SentAt >= restoredAt && o.Reply is IssueResult)} acknowledged");
        foreach (var refusal in refusals.DistinctBy(r => r.Message[..Math.Min(60, r.Message.Length)])) output.WriteLine($"  {refusal.Message}");

        // Fail fast, with a clear error.
        Assert.NotEmpty(refusals);
        Assert.All(during, o => Assert.True(o.Failure is null && o.Took <= AnswerBound,
            $"a create sent during the outage took {o.Took.TotalMilliseconds:N0} ms ({o.Reply?.ToString() ?? o.Failure?.Message})"));
        Assert.All(refusals, refusal =>
        {
            Assert.Equal(ErrorCodes.StorageUnavailable, refusal.Code);
            Assert.Contains("retry", refusal.Message);
        });
        // Back without a restart.
        Assert.Contains(all, o => o.SentAt >= restoredAt && o.Reply is IssueResult);

        // Nothing acknowledged is lost: in the rig's reads and in the tables.
        var listed = await rigs.Ask<IRigReply>(new ListIssues(Rig, IssueFilter.Any with { IncludeClosed = true }) { Limit = 0 }, TimeSpan.FromSeconds(30));
        var issues = Assert.IsType<IssueSummaries>(listed).Issues.Select(s => s.Issue).ToList();
        Assert.Subset(issues.Select(i => i.Id).ToHashSet(), acknowledged);
        var expected = ProjectedRowsSnapshot.Expected(issues);
        await Poll.TryUntil(() => expected.Issues.SequenceEqual(ProjectedRowsSnapshot.Read(_server, Rig).Issues), TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(250));
        Assert.Equal(expected.Issues, ProjectedRowsSnapshot.Read(_server, Rig).Issues);
        await host.StopAsync();
    }

    private Task<IHost> StartHost(string connectionString, bool standalone) =>
        InProcessHost.Start(new BeadsHostOptions(_data.Directory, $"akka.loglevel = WARNING\n{InProcessHost.LoneHocon(standalone)}", connectionString));

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        _server?.Dispose();
        _data.Dispose();
    }
}
