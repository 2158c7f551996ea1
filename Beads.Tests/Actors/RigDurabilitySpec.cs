using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>
/// A rig on a journal whose writes are slowed down or broken on purpose: reads must not wait for writes nor see
/// writes that are not durable, and a failed write must be reported, never acknowledged.
/// </summary>
public sealed class RigDurabilitySpec(ITestOutputHelper output) : RigTestKit(output, """
    akka.persistence.journal.plugin = "akka.persistence.journal.test"
    akka.persistence.journal.test {
      class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
      plugin-dispatcher = "akka.actor.default-dispatcher"
    }
    """)
{
    private ITestJournal Journal => TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));

    [Fact]
    public async Task Reads_are_answered_while_a_write_is_in_flight_and_show_only_durable_changes()
    {
        var rig = StartRig("slow");
        await Init(rig, "slow");
        await Create(rig, "slow", "durable already");
        await Journal.OnWrite.PassWithDelay(TimeSpan.FromSeconds(3));

        var slowCreate = rig.Ask<IRigReply>(new CreateIssue("slow", Agent, "still being written"), AskTimeout);
        var during = await All(rig, "slow");

        Assert.False(slowCreate.IsCompleted, "the read waited for the write");
        Assert.Equal(["durable already"], during.Select(i => i.Title));
        Assert.IsType<IssueResult>(await slowCreate);
        Assert.Equal(2, (await All(rig, "slow")).Count);
    }

    [Fact]
    public async Task A_write_the_journal_cannot_store_is_refused_and_nothing_acknowledged_is_lost()
    {
        var rig = StartRig("flaky");
        await Init(rig, "flaky");
        var kept = await Create(rig, "flaky", "stored before the outage");
        await Journal.OnWrite.Fail();

        var failed = await rig.Ask<IRigReply>(new CreateIssue("flaky", Agent, "during the outage"), AskTimeout);

        var refusal = Assert.IsType<Rejected>(failed);
        Assert.Equal(ErrorCodes.StorageUnavailable, refusal.Code);
        Assert.Contains("retry", refusal.Message);

        await Journal.OnWrite.Pass();
        var recovered = StartRig("flaky");
        Assert.Equal([kept.Id], (await All(recovered, "flaky")).Select(i => i.Id));
        Assert.IsType<IssueResult>(await recovered.Ask<IRigReply>(new CreateIssue("flaky", Agent, "after"), AskTimeout));
    }

    [Fact]
    public async Task Messages_sent_while_a_rig_cannot_load_its_journal_are_refused_at_once_rather_than_left_to_time_out()
    {
        var rig = StartRig("unreadable");
        await Init(rig, "unreadable");
        Watch(rig);
        Sys.Stop(rig);
        ExpectTerminated(rig);
        await Journal.OnRecovery.FailWithDelay(TimeSpan.FromMilliseconds(500));

        var reborn = StartRig("unreadable");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var replies = await Task.WhenAll(
            reborn.Ask<IRigReply>(new CreateIssue("unreadable", Agent, "during recovery"), AskTimeout),
            reborn.Ask<IRigReply>(new GetRigInfo("unreadable"), AskTimeout));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the refusals took {watch.Elapsed}");
        Assert.All(replies, reply =>
        {
            var refusal = Assert.IsType<Rejected>(reply);
            Assert.Equal(ErrorCodes.StorageUnavailable, refusal.Code);
            Assert.Contains("cannot load its journal", refusal.Message);
        });
        await Journal.OnRecovery.Pass();
    }
}
