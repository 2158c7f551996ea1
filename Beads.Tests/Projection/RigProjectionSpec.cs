using Akka.Actor;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Projection;

/// <summary>
/// Rigs on each real store project their journals into the SQL tables: the tables end up equal to the rigs' state,
/// row for row, whatever the mix of commands, and they catch up by themselves after writers or rigs die.
/// </summary>
public abstract class RigProjectionSpec(TestStore store, ITestOutputHelper output) : ProjectionTestKit(store, output)
{
    [SkippableFact]
    public async Task After_ten_thousand_mixed_commands_on_several_rigs_the_tables_equal_the_rigs_state_row_for_row()
    {
        string[] names = ["alpha", "beta", "gamma", "delta"];
        var rigs = new Dictionary<string, IActorRef>();
        foreach (var name in names)
        {
            rigs[name] = StartRig(name);
            await Init(rigs[name], name, prefix: name[..2]);
        }

        var (accepted, refused) = await new MixedCommands().Run(names, 10_000, concurrency: 40,
            command => rigs[command.Rig].Ask<IRigReply>(command, AskTimeout));

        Output.WriteLine($"{accepted} commands accepted, {refused} refused");
        Assert.True(accepted > 7_000, $"only {accepted} of 10,000 commands were accepted: the mix no longer exercises the tables");
        foreach (var name in names) await AssertTablesMatch(rigs[name], name);
    }

    [SkippableFact]
    public async Task Writers_killed_again_and_again_mid_load_are_restarted_and_the_tables_converge()
    {
        var rig = StartRig("killed");
        await Init(rig, "killed");
        using var killing = new CancellationTokenSource();
        var kills = 0;
        var killer = Task.Run(async () =>
        {
            while (!killing.IsCancellationRequested)
            {
                Sys.ActorSelection(rig.Path / "writers" / $"writer-{kills % 3}").Tell(Kill.Instance);
                kills++;
                await Task.Delay(25);
            }
        });

        await new MixedCommands(seed: 7).Run(["killed"], 2_000, concurrency: 20, command => rig.Ask<IRigReply>(command, AskTimeout));
        await killing.CancelAsync();
        await killer;

        Output.WriteLine($"{kills} kills of writers during the load");
        await AssertTablesMatch(rig, "killed");
    }

    [SkippableFact]
    public async Task A_rig_whose_tables_were_lost_rebuilds_them_from_its_journal_when_it_starts()
    {
        var rig = StartRig("rebuilt");
        await Init(rig, "rebuilt");
        await new MixedCommands(seed: 11).Run(["rebuilt"], 1_500, concurrency: 10, command => rig.Ask<IRigReply>(command, AskTimeout));
        await AssertTablesMatch(rig, "rebuilt");
        await Stop(rig);

        // As after an upgrade from a Beads without tables, or a restore of the journal alone.
        foreach (var table in new[] { "issues", "labels", "dependencies", "comments", "events", "projection_offsets" })
            Store.Execute($"DELETE FROM {table} WHERE rig = 'rebuilt'");

        await AssertTablesMatch(StartRig("rebuilt"), "rebuilt");
    }

    [SkippableFact]
    public async Task A_stopping_rig_finishes_its_writes_and_records_offsets_that_leave_nothing_to_replay()
    {
        var rig = StartRig("tidy");
        await Init(rig, "tidy");
        for (var i = 0; i < 50; i++) await Create(rig, "tidy", $"issue {i}");

        await Stop(rig);

        // init + 50 creates, and the sync mode the rig records once it has read its settings at home
        var lastEvent = JournalLength("tidy");
        Assert.InRange(lastEvent, 51, 52);
        Assert.Equal(lastEvent, Store.Scalar("SELECT MIN(sequence_nr) FROM projection_offsets WHERE rig = 'tidy'"));
        Assert.Equal(50, Store.Scalar("SELECT COUNT(*) FROM issues WHERE rig = 'tidy'"));
    }

    public sealed class OnEmbeddedStore(ITestOutputHelper output) : RigProjectionSpec(TempDatabase.Create(), output);

    public sealed class OnServerStore(ITestOutputHelper output) : RigProjectionSpec(TempServerDatabase.Create(), output);
}
