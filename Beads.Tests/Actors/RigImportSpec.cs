using Akka.Actor;
using Beads.Actors.Jsonl;
using Beads.Actors.Rigs;
using Beads.Protocol;
using Beads.Tests.Jsonl;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Actors;

/// <summary>beads' real export, imported into a rig on the embedded store, comes back out unchanged.</summary>
public sealed class RigImportSpec(ITestOutputHelper output) : RigTestKit(output)
{
    private const string Name = "beads";

    [SkippableFact]
    public async Task Beads_whole_export_imports_into_a_rig_and_lists_back_unchanged_after_restarts_from_snapshot_and_journal()
    {
        var original = File.ReadAllBytes(Fixtures.BeadsExport());
        var issues = JsonlReader.Read(original).Issues;
        var rig = StartRig(Name);
        await Init(rig, Name);

        var result = await Ask<ImportResult>(rig, new ImportIssues(Name, Agent, issues));

        Assert.Equal((Fixtures.BeadsExportIssueCount, 0, 0, 0), (result.Created, result.Updated, result.Unchanged, result.Skipped));
        JsonAssert.SameLines(original, Exported.Jsonl(await All(rig, Name)));

        // Recovered as a rig normally is (a snapshot every 1,000 events, then the events after it), then from the events
        // alone: both kept everything.
        StopAbruptly(rig);
        var fromSnapshot = StartRig(Name);
        JsonAssert.SameLines(original, Exported.Jsonl(await All(fromSnapshot, Name)));
        StopAbruptly(fromSnapshot);
        var fromJournal = StartRig(Name, RigSettings.From(SystemConfig) with { RecoverFromSnapshots = false });
        JsonAssert.SameLines(original, Exported.Jsonl(await All(fromJournal, Name)));

        var again = await Ask<ImportResult>(fromJournal, new ImportIssues(Name, Agent, issues));
        Assert.Equal((0, 0, Fixtures.BeadsExportIssueCount, 0), (again.Created, again.Updated, again.Unchanged, again.Skipped));
    }

    private void StopAbruptly(IActorRef rig)
    {
        Watch(rig);
        Sys.Stop(rig);
        ExpectTerminated(rig);
    }
}
