using Beads.Actors.Domain;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Benchmarks;

/// <summary>
/// Issue 16's lease figure: 100 claims whose holders never renew them all come back to open work, each within its
/// lease plus 1 s. The lateness of each release is read from the rig's own clock (the release's updated_at against
/// the claim's time plus the lease) and printed as median and maximum; that every claim came back, never early, is asserted.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(MeasuredAlone.Name)]
public sealed class LeaseExpiryBenchmark(ITestOutputHelper output) : RigTestKit(output)
{
    private const int Claims = 100;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_hundred_abandoned_claims_come_back_within_the_lease_plus_one_second()
    {
        var rig = StartRig("abandoned");
        await Init(rig, "abandoned");
        await Ask<RigInfo>(rig, new SetRigConfig("abandoned", Agent, RigConfigKeys.ClaimLease, $"{Lease.TotalSeconds:0}s"));
        var issues = await Task.WhenAll(Enumerable.Range(0, Claims).Select(n => Create(rig, "abandoned", $"work {n}")));
        var claims = await Task.WhenAll(issues.Select((issue, n) =>
            Ask<IssueResult>(rig, new ClaimIssue("abandoned", $"agent-{n}", issue.Id))));
        var claimedAt = claims.ToDictionary(claim => claim.Issue.Id, claim => claim.Issue.UpdatedAt);

        await Poll.Until(async () => (await All(rig, "abandoned")).All(issue => issue.Status == "open"),
            Lease + TimeSpan.FromSeconds(30), "the release of every abandoned claim");

        var late = (await All(rig, "abandoned"))
            .Select(issue => (issue.UpdatedAt - (claimedAt[issue.Id] + Lease)).TotalMilliseconds).ToList();
        Assert.All(await All(rig, "abandoned"), issue => Assert.Null(issue.Assignee));
        Benchmark.Report(Output, $"{Claims} claims left to lapse (lease {Lease.TotalSeconds:0} s): every one open again, " +
                                 $"released after its lease ran out by median {Benchmark.Median(late):0} ms, at most {late.Max():0} ms (goal: within 1,000 ms)");
        // Generous, as these machines are noisy: the figure above is what is compared with the goal.
        Assert.All(late, ms => Assert.InRange(ms, 0, 10_000));
    }
}
