using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Beads.Tests.Load;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Issue 16's figures for claims that wait, through the real bd and a host of its own (so no other test's rigs run in
/// it): the host's CPU while 40 agents wait in <c>bd ready --claim --wait</c> against the same host with nobody
/// waiting; the time from a new issue to its claim by a waiter (the claim's updated_at against the issue's created_at,
/// both the rig's clock); and 40 agents draining 1,000 issues, once by waiting claims and once the way beads users do
/// (poll <c>bd ready</c>, claim one of it, try again when another agent was faster). Every issue claimed exactly once
/// is asserted; the figures are printed, never asserted.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(MeasuredAlone.Name)]
public sealed class ClaimWaitBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Agents = 40;
    private const int Drained = 1_000;
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(15);

    private readonly BdHostFixture _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [SkippableFact]
    public async Task Forty_waiting_agents_cost_an_idle_host_nothing_get_new_work_at_once_and_drain_a_backlog_faster_than_polling()
    {
        Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);
        var project = await NewRig("waiting", "wt");

        await Task.Delay(TimeSpan.FromSeconds(5)); // the host's start-up and the new rig's first flush are over
        var quiet = await HostCpu(IdleWindow);
        var waiters = Enumerable.Range(0, Agents)
            .Select(n => _host.Run(project, ["ready", "--claim", "--wait", "--json", "--actor", $"agent-{n}"])).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3)); // every bd started and its request parked at the rig
        var waiting = await HostCpu(IdleWindow);
        Assert.All(waiters, w => Assert.False(w.IsCompleted, "a waiter returned before any work existed"));

        for (var n = 0; n < Agents; n++) await Ok(project, "create", $"new work {n}", "--silent");
        var claims = await Task.WhenAll(waiters);
        Assert.All(claims, c => Assert.True(c.ExitCode == 0, c.ToString()));
        var claimedIds = claims.Select(c => (string)JsonNode.Parse(c.Stdout)!.AsArray().Single()!["id"]!).ToList();
        Assert.Equal(Agents, claimedIds.Distinct().Count());
        var toClaim = new Latencies();
        foreach (var issue in (await Json(project, "list", "--json", "-n", "0")).AsArray())
            toClaim.Add(DateTimeOffset.Parse((string)issue!["updated_at"]!) - DateTimeOffset.Parse((string)issue["created_at"]!));

        Benchmark.Report(output, $"host CPU, one rig, {IdleWindow.TotalSeconds:0} s with nothing happening: {quiet:0.00}% of one core with nobody " +
                                 $"waiting, {waiting:0.00}% with {Agents} agents waiting in bd ready --claim --wait (goal: under 1%)");
        Benchmark.Report(output, $"new issue to its claim by a waiting agent ({Agents} issues, one at a time): p50 {toClaim.P50:0.0} ms, " +
                                 $"p99 {toClaim.P99:0.0} ms (goal: 50 ms)");

        var byWaiting = await Drain("drain-wait", "dw", WaitingAgent);
        var byPolling = await Drain("drain-poll", "dp", PollingAgent);
        Benchmark.Report(output, $"{Agents} agents draining {Drained:N0} issues (claim, then close): {byWaiting.Wall.TotalSeconds:0.0} s with " +
                                 $"bd ready --claim --wait, {byPolling.Wall.TotalSeconds:0.0} s polling bd ready + bd update --claim as beads users do " +
                                 $"({byPolling.Wall / byWaiting.Wall:0.0}x; the pollers lost {byPolling.Lost:N0} claims to each other and ran {byPolling.Runs:N0} bd " +
                                 $"commands against {byWaiting.Runs:N0})");
    }

    private sealed record DrainRun(TimeSpan Wall, int Runs, int Lost);

    /// <summary>The agent loop of <c>bd ready --claim --wait</c>: claim, close, until a short wait finds nothing.</summary>
    private async Task<(int Runs, int Lost)> WaitingAgent(string project, string actor, ConcurrentBag<string> claimed)
    {
        var runs = 0;
        while (true)
        {
            runs++;
            var got = (await Json(project, "ready", "--claim", "--wait", "--timeout", "1s", "--actor", actor)).AsArray();
            if (got.Count == 0) return (runs, 0);
            var id = (string)got[0]!["id"]!;
            claimed.Add(id);
            runs++;
            await Ok(project, "close", id, "--reason", "done", "--actor", actor);
        }
    }

    /// <summary>
    /// beads users' loop: list ready work, claim one of it, start again when someone else took it. Each picks at random
    /// among the first 40, as a careful user would (all taking the first, 40 agents lost 18,323 claims to each other
    /// and took 15x the waiting agents' time in one run).
    /// </summary>
    private async Task<(int Runs, int Lost)> PollingAgent(string project, string actor, ConcurrentBag<string> claimed)
    {
        var (runs, lost) = (0, 0);
        while (true)
        {
            runs++;
            var ready = (await Json(project, "ready", "-n", $"{Agents}", "--actor", actor)).AsArray();
            if (ready.Count == 0) return (runs, lost);
            var id = (string)ready[Random.Shared.Next(ready.Count)]!["id"]!;
            runs++;
            var claim = await _host.Run(project, ["update", id, "--claim", "--json", "--actor", actor]);
            if (claim.ExitCode != 0)
            {
                lost++;
                continue;
            }
            claimed.Add(id);
            runs++;
            await Ok(project, "close", id, "--reason", "done", "--actor", actor);
        }
    }

    private async Task<DrainRun> Drain(string name, string prefix, Func<string, string, ConcurrentBag<string>, Task<(int Runs, int Lost)>> agent)
    {
        var project = await NewRig(name, prefix);
        var backlog = Path.Combine(project, "backlog.jsonl");
        await File.WriteAllLinesAsync(backlog, Enumerable.Range(0, Drained).Select(n =>
            $$"""{"id":"{{prefix}}-{{n:x4}}","title":"backlog {{n}}","status":"open","priority":{{n % 5}},"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}"""));
        await Ok(project, "import", "-i", backlog);
        var claimed = new ConcurrentBag<string>();
        var watch = Stopwatch.StartNew();
        var agents = await Task.WhenAll(Enumerable.Range(0, Agents).Select(n => agent(project, $"agent-{n}", claimed)));
        var wall = watch.Elapsed;
        Assert.Equal(Drained, claimed.Count);
        Assert.Equal(Drained, claimed.Distinct().Count());
        Assert.Empty((await Json(project, "list", "-n", "0")).AsArray());
        return new DrainRun(wall, agents.Sum(a => a.Runs), agents.Sum(a => a.Lost));
    }

    private async Task<string> NewRig(string name, string prefix)
    {
        var project = _host.NewProject(name);
        await Ok(project, "init", "--prefix", prefix, "--rig", Path.GetFileName(project));
        return project;
    }

    private async Task<BdResult> Ok(string project, params string[] args)
    {
        var result = await _host.Run(project, args);
        Assert.True(result.ExitCode == 0, $"bd {string.Join(' ', args)}: {result}");
        return result;
    }

    private async Task<JsonNode> Json(string project, params string[] args) =>
        JsonNode.Parse((await Ok(project, [.. args, "--json"])).Stdout)!;

    /// <summary>The host process' CPU over <paramref name="window"/>, in percent of one core (from /proc: user + system time).</summary>
    private async Task<double> HostCpu(TimeSpan window)
    {
        var before = CpuSeconds(_host.ProcessId);
        var watch = Stopwatch.StartNew();
        await Task.Delay(window);
        return (CpuSeconds(_host.ProcessId) - before) / watch.Elapsed.TotalSeconds * 100;
    }

    /// <summary>utime + stime of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }
}
